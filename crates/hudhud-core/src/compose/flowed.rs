//! Text/plain; format=flowed (RFC 3676): long paragraphs go as lines of
//! at most 78 characters that end in a space where the reader may join
//! them again, so they reflow on a phone and still read well in a reader
//! that knows nothing of flowed text.

/// RFC 3676 §4.2: lines SHOULD be no longer than 78 characters.
const WIDTH: usize = 78;

/// The text as flowed lines joined by LF (the writer makes them CRLF).
/// Trailing spaces of the user's lines are dropped, since a line ending in
/// a space would be joined with the next; the signature separator "-- "
/// keeps its space (§4.3). Lines that begin with a space or "From " are
/// space-stuffed (§4.4); lines of quoted text ("> ") keep their quote
/// marks on every line they are folded into.
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line == "-- " {
            out.push_str(line);
            continue;
        }
        let depth = line.len() - line.trim_start_matches('>').len();
        let mut content = &line[depth..];
        let prefix = if depth > 0 {
            // The space after the quote marks is theirs, not the text's.
            content = content.strip_prefix(' ').unwrap_or(content);
            format!("{} ", ">".repeat(depth))
        } else {
            String::new()
        };
        let content = content.trim_end_matches(' ');
        let width = WIDTH.saturating_sub(prefix.chars().count()).max(20);
        for (n, piece) in fold(content, width).into_iter().enumerate() {
            if n > 0 {
                out.push('\n');
            }
            out.push_str(&prefix);
            if depth == 0 && (piece.starts_with(' ') || piece.starts_with("From ")) {
                out.push(' ');
            }
            out.push_str(piece);
        }
    }
    out
}

/// Cuts a line after spaces so that each piece but the last ends with a
/// space and is at most `width` characters where the words allow (a longer
/// word stays whole).
fn fold(line: &str, width: usize) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    // The end of the last space run seen in this piece: where it may be cut.
    let mut cut = None;
    let mut count = 0;
    let mut chars = line.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        count += 1;
        let next_is_word = chars.peek().is_some_and(|&(_, n)| n != ' ');
        if c == ' ' && next_is_word {
            cut = Some(at + 1);
        }
        if count >= width
            && let Some(end) = cut
            && chars.peek().is_some()
        {
            // Over the width: cut at the last space, unless this very
            // character ends a piece that fits exactly.
            pieces.push(&line[start..end]);
            count = line[end..at + c.len_utf8()].chars().count();
            start = end;
            cut = None;
        }
    }
    pieces.push(&line[start..]);
    pieces
}

/// Flowed text back as it was typed: soft-broken lines joined, stuffing
/// and the quote marks' space taken off (quoted lines keep "> ").
pub fn decode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // The paragraph being joined, and its quote depth.
    let mut open: Option<usize> = None;
    for line in text.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let depth = line.len() - line.trim_start_matches('>').len();
        let mut content = &line[depth..];
        content = content.strip_prefix(' ').unwrap_or(content);
        let soft = content.ends_with(' ') && line != "-- ";
        match open {
            Some(d) if d == depth => {}
            Some(_) => {
                // A change of depth ends the paragraph (§4.5).
                out.push('\n');
                push_start(&mut out, depth);
            }
            None => push_start(&mut out, depth),
        }
        out.push_str(content);
        if soft {
            open = Some(depth);
        } else {
            out.push('\n');
            open = None;
        }
    }
    // Split adds one line more than there are line ends.
    if out.ends_with('\n') {
        out.pop();
    }
    out
}

fn push_start(out: &mut String, depth: usize) {
    if depth > 0 {
        out.push_str(&">".repeat(depth));
        out.push(' ');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_paragraphs_fold_at_spaces_and_come_back_whole() {
        let paragraph = "The quarterly report is attached. ".repeat(8);
        let paragraph = paragraph.trim_end();
        let text = format!("Hi Omar,\n\n{paragraph}\n\nLayla");
        let flowed = encode(&text);
        let lines: Vec<&str> = flowed.split('\n').collect();
        assert!(lines.len() > 5, "{flowed}");
        assert!(lines.iter().all(|l| l.chars().count() <= 78), "{flowed}");
        // Soft breaks end in a space; the paragraph's last line does not.
        assert!(lines[2].ends_with(' ') && !lines[lines.len() - 3].ends_with(' '));
        assert_eq!(decode(&flowed), text);
    }

    #[test]
    fn arabic_folds_by_characters_not_bytes() {
        let paragraph = "هذا نص عربي طويل يلتف على عدة أسطر ".repeat(6);
        let paragraph = paragraph.trim_end().to_owned();
        let flowed = encode(&paragraph);
        assert!(flowed.split('\n').count() >= 3, "{flowed}");
        assert!(
            flowed.split('\n').all(|l| l.chars().count() <= 78),
            "{flowed}"
        );
        assert_eq!(decode(&flowed), paragraph);
    }

    #[test]
    fn stuffing_trailing_spaces_quotes_and_the_signature_separator() {
        let text = "From here on\n indented\nspaces at the end   \n> quoted\n-- \nLayla";
        let flowed = encode(text);
        assert_eq!(
            flowed,
            " From here on\n  indented\nspaces at the end\n> quoted\n-- \nLayla"
        );
        assert_eq!(
            decode(&flowed),
            "From here on\n indented\nspaces at the end\n> quoted\n-- \nLayla"
        );
        let long_quote = format!("> {}", "word ".repeat(30).trim_end());
        let flowed = encode(&long_quote);
        assert!(flowed.split('\n').count() > 1);
        assert!(flowed.split('\n').all(|l| l.starts_with("> ")), "{flowed}");
        assert_eq!(decode(&flowed), long_quote);
    }

    #[test]
    fn a_word_longer_than_a_line_stays_whole() {
        let url = format!("https://example.org/{}", "x".repeat(120));
        let text = format!("see {url} now");
        let flowed = encode(&text);
        assert!(flowed.split('\n').any(|l| l.contains(&url)), "{flowed}");
        assert_eq!(decode(&flowed), text);
    }
}
