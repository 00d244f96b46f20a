//! The rules of the wire, in one place: header fields folded at 78
//! columns with encoded words (RFC 5322 §2.2.3, RFC 2047, RFC 2231), bodies
//! that are CRLF-only with lines of at most 998 octets (quoted-printable
//! or base64 wherever the text itself would break that), and `seven_bit`
//! for servers that take nothing else.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{self, Read, Write};

use base64::Engine as _;
use email_encoding::headers::{rfc2047, rfc2231, writer::EmailWriter};
use lettre::message::Mailbox;

/// RFC 5322 §2.1.1: the hard limit of a line, without its CRLF.
pub const MAX_LINE: usize = 998;
/// RFC 2045 §6.7 / §6.8: encoded lines are at most 76 characters.
const ENCODED_LINE: usize = 76;
/// Bytes per base64 line (57 → 76 characters).
const BASE64_LINE_BYTES: usize = ENCODED_LINE / 4 * 3;

/// Words longer than this are encoded (and so foldable) rather than
/// written as they are; a plain word can never be split.
const LONGEST_PLAIN_WORD: usize = 77;

// The header writers below write into a String, which cannot fail: their
// fmt::Results are ignored.

/// `Name: value` for an unstructured field such as Subject: plain words
/// stay readable, anything else (non-ASCII, control characters, very long
/// words, text that looks like an encoded word) becomes encoded words, so
/// no value can end the field early or make a line too long.
pub fn unstructured(out: &mut String, name: &str, value: &str) {
    out.push_str(name);
    out.push(':');
    {
        let mut w = EmailWriter::new(out, name.len() + 1, 1, false);
        let _ = write_text(&mut w, value);
    }
    out.push_str("\r\n");
}

/// `Name: a, "B" <b@c>, ...` folded between and inside mailboxes.
pub fn address_list(out: &mut String, name: &str, list: &[Mailbox]) {
    out.push_str(name);
    out.push(':');
    {
        let mut w = EmailWriter::new(out, name.len() + 1, 1, false);
        for (i, mailbox) in list.iter().enumerate() {
            if i > 0 {
                let _ = w.write_char(',');
                w.space();
            }
            let display = mailbox.name.as_deref().map(str::trim).unwrap_or("");
            if display.is_empty() {
                let _ = w.folding().write_str(mailbox.email.as_ref());
            } else {
                let _ = write_phrase(&mut w, display);
                w.space();
                let _ = w.folding().write_str(&format!("<{}>", mailbox.email));
            }
        }
    }
    out.push_str("\r\n");
}

/// `Content-Disposition: attachment; filename=...` with RFC 2231 for
/// names that are not plain printable ASCII or are long.
pub fn attachment_disposition(out: &mut String, file_name: &str) {
    out.push_str("Content-Disposition: attachment;");
    {
        let mut w = EmailWriter::new(out, "Content-Disposition: attachment;".len(), 1, false);
        let _ = rfc2231::encode("filename", file_name, &mut w);
    }
    out.push_str("\r\n");
}

/// A display name: atoms as they are, anything else one run of encoded
/// words (an encoded word may stand for a phrase, not sit in quotes).
fn write_phrase(w: &mut EmailWriter<'_>, name: &str) -> std::fmt::Result {
    let atoms = name.split(' ').all(|word| {
        !word.is_empty()
            && word.len() <= LONGEST_PLAIN_WORD
            && !word.contains("=?")
            && word.bytes().all(is_atext)
    });
    if atoms {
        for (i, word) in name.split(' ').enumerate() {
            if i > 0 {
                w.space();
            }
            w.folding().write_str(word)?;
        }
        Ok(())
    } else {
        rfc2047::encode(name, w)
    }
}

fn is_atext(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-/=?^_`{|}~".contains(&b)
}

fn is_plain_word(word: &str) -> bool {
    word.len() <= LONGEST_PLAIN_WORD
        && !word.contains("=?")
        && word.bytes().all(|b| (0x21..=0x7e).contains(&b))
}

/// Unstructured text. Runs of words that cannot go as they are become
/// encoded words together with the spaces between them, because spaces
/// between two encoded words are dropped by decoders. Leading and trailing
/// spaces are encoded too, as parsers trim them from plain text.
fn write_text(w: &mut EmailWriter<'_>, text: &str) -> std::fmt::Result {
    let core = text.trim_matches(' ');
    let lead = &text[..text.len() - text.trim_start_matches(' ').len()];
    let trail = if core.is_empty() {
        ""
    } else {
        &text[lead.len() + core.len()..]
    };
    if core.is_empty() {
        return if text.is_empty() {
            Ok(())
        } else {
            rfc2047::encode(text, w)
        };
    }
    let words: Vec<&str> = core.split(' ').collect();
    let last = words.len() - 1;
    // Words to be encoded together; an empty word is one more space of a
    // run, which parsers would shrink to one space if it stood in the open.
    let mut pending: Option<String> = None;
    for (i, word) in words.iter().enumerate() {
        let mut word = Cow::Borrowed(*word);
        if i == 0 && !lead.is_empty() {
            word = Cow::Owned(format!("{lead}{word}"));
        }
        if i == last && !trail.is_empty() {
            word = Cow::Owned(format!("{word}{trail}"));
        }
        let plain = !word.is_empty() && is_plain_word(&word);
        let after_gap = pending
            .as_deref()
            .is_some_and(|p| p.is_empty() || p.ends_with(' '));
        match (&mut pending, plain) {
            (Some(run), true) if !after_gap => {
                rfc2047::encode(run, w)?;
                pending = None;
                w.space();
                w.folding().write_str(&word)?;
            }
            (Some(run), _) => {
                run.push(' ');
                run.push_str(&word);
            }
            (None, true) => {
                if i > 0 {
                    w.space();
                }
                w.folding().write_str(&word)?;
            }
            (None, false) => {
                if i > 0 {
                    w.space();
                }
                pending = Some(word.into_owned());
            }
        }
    }
    if let Some(run) = pending {
        rfc2047::encode(&run, w)?;
    }
    Ok(())
}

/// Whether text can go as a 7bit part exactly as it is (after its line
/// ends are made CRLF): printable ASCII and tabs, short lines, and not the
/// `=_` that starts our boundaries.
pub fn fits_7bit(text: &str) -> bool {
    let bytes = text.as_bytes();
    let lone_cr = bytes
        .iter()
        .enumerate()
        .any(|(i, &b)| b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
    !lone_cr
        && !text.contains("=_")
        && text.split('\n').all(|line| {
            let line = line.strip_suffix('\r').unwrap_or(line);
            line.len() <= ENCODED_LINE
                && line
                    .bytes()
                    .all(|b| b == b'\t' || (0x20..0x7f).contains(&b))
        })
}

/// Text with its line ends made CRLF (for a 7bit part that `fits_7bit`).
pub fn crlf_text(text: &str, out: &mut Vec<u8>) {
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(line.strip_suffix('\r').unwrap_or(line).as_bytes());
    }
}

/// Quoted-printable (RFC 2045 §6.7) for text: LF and CRLF are line breaks
/// (CRLF on the wire), every other control byte, `=`, 8-bit bytes and
/// whitespace before a break are encoded, lines are at most 76 characters.
/// A lone CR stays a CR (=0D), never a line break.
pub fn quoted_printable(text: &[u8], out: &mut Vec<u8>) {
    let mut line_len = 0;
    let mut i = 0;
    while i < text.len() {
        let b = text[i];
        let break_here = b == b'\n' || (b == b'\r' && text.get(i + 1) == Some(&b'\n'));
        if break_here {
            out.extend_from_slice(b"\r\n");
            line_len = 0;
            i += if b == b'\r' { 2 } else { 1 };
            continue;
        }
        let at_line_end = match text.get(i + 1) {
            None => true,
            Some(b'\n') => true,
            Some(b'\r') => text.get(i + 2) == Some(&b'\n'),
            _ => false,
        };
        let literal =
            ((b == b' ' || b == b'\t') && !at_line_end) || ((0x21..0x7f).contains(&b) && b != b'=');
        let width = if literal { 1 } else { 3 };
        // Room for the soft break's "=" unless this is the line's last character.
        let room = if at_line_end {
            ENCODED_LINE
        } else {
            ENCODED_LINE - 1
        };
        if line_len + width > room {
            out.extend_from_slice(b"=\r\n");
            line_len = 0;
        }
        if literal {
            out.push(b);
        } else {
            let _ = write!(out, "={b:02X}");
        }
        line_len += width;
        i += 1;
    }
}

/// Which side of a copy failed.
#[derive(Debug)]
pub enum CopyError {
    Read(io::Error),
    Write(io::Error),
}

/// Copies `input` as base64 lines of 76 characters with CRLF, reading at
/// most `limit` bytes and holding only one chunk at a time. Returns how
/// many bytes were read.
pub fn base64_stream(
    input: &mut dyn Read,
    limit: u64,
    out: &mut dyn Write,
) -> Result<u64, CopyError> {
    const CHUNK: usize = BASE64_LINE_BYTES * 1024;
    let mut input = input.take(limit);
    let mut buffer = vec![0u8; CHUNK];
    let mut encoded = String::with_capacity(CHUNK / 3 * 4);
    let mut total = 0u64;
    loop {
        // Whole chunks keep the lines whole across chunk boundaries.
        let mut filled = 0;
        while filled < CHUNK {
            match input.read(&mut buffer[filled..]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(CopyError::Read(e)),
            }
        }
        if filled == 0 {
            return Ok(total);
        }
        total += filled as u64;
        for line in buffer[..filled].chunks(BASE64_LINE_BYTES) {
            encoded.clear();
            base64::engine::general_purpose::STANDARD.encode_string(line, &mut encoded);
            out.write_all(encoded.as_bytes())
                .and_then(|()| out.write_all(b"\r\n"))
                .map_err(CopyError::Write)?;
        }
        if filled < CHUNK {
            return Ok(total);
        }
    }
}

/// Bytes of `n` bytes in base64 lines of 76 characters with CRLF.
pub fn base64_size(n: u64) -> u64 {
    let chars = n.div_ceil(3) * 4;
    chars + chars.div_ceil(ENCODED_LINE as u64) * 2
}

/// Whether a whole reader is valid UTF-8, reading it in chunks.
pub fn is_utf8(input: &mut dyn Read, limit: u64) -> io::Result<bool> {
    let mut input = input.take(limit);
    let mut buffer = vec![0u8; 64 * 1024];
    // Bytes of a character cut by the end of the last chunk.
    let mut carried = 0;
    loop {
        let n = match input.read(&mut buffer[carried..]) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let end = carried + n;
        match std::str::from_utf8(&buffer[..end]) {
            Ok(_) => carried = 0,
            Err(e) if e.error_len().is_none() && n > 0 => {
                let valid = e.valid_up_to();
                buffer.copy_within(valid..end, 0);
                carried = end - valid;
            }
            Err(_) => return Ok(false),
        }
        if n == 0 {
            return Ok(carried == 0);
        }
    }
}

/// A message for a server without 8BITMIME: where the body has 8-bit
/// bytes, the single text part is converted to quoted-printable (a message
/// without MIME headers gets them, with charset=utf-8 when the bytes are
/// UTF-8), and a multipart message has each 8-bit leaf part converted.
/// Lines over 998 octets and NUL bytes are converted the same way. A
/// message with none of these is returned as it is, without a copy. 8-bit
/// bytes in header fields are left alone. `raw` has CRLF line ends.
pub fn seven_bit(raw: &[u8]) -> Cow<'_, [u8]> {
    repair(raw, false)
}

/// What any server takes: like `seven_bit`, but 8-bit text stays 8-bit
/// (it goes as 8BITMIME, or through `seven_bit` when sending); only NUL
/// bytes and lines over 998 octets are encoded.
pub fn canonical(raw: &[u8]) -> Cow<'_, [u8]> {
    repair(raw, true)
}

fn repair(raw: &[u8], eight_bit_ok: bool) -> Cow<'_, [u8]> {
    if !needs_encoding(raw, eight_bit_ok) {
        return Cow::Borrowed(raw);
    }
    let mut out = Vec::with_capacity(raw.len() + raw.len() / 2);
    convert_entity(raw, true, eight_bit_ok, &mut out);
    Cow::Owned(out)
}

fn needs_encoding(bytes: &[u8], eight_bit_ok: bool) -> bool {
    let mut line_len = 0;
    for &b in bytes {
        match b {
            b'\n' => line_len = 0,
            0 => return true,
            _ if b >= 0x80 && !eight_bit_ok => return true,
            _ => {
                line_len += 1;
                // 999: the CR of the line's CRLF is counted here.
                if line_len > MAX_LINE + 1 {
                    return true;
                }
            }
        }
    }
    false
}

/// One MIME entity (a whole message, or a part between boundaries).
fn convert_entity(entity: &[u8], top: bool, eight_bit_ok: bool, out: &mut Vec<u8>) {
    let (head, body) = split_head(entity);
    let fields = header_fields(head);
    let value = |name: &str| {
        fields
            .iter()
            .rev()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| unfolded(v))
    };
    let content_type = value("Content-Type");
    let is_mime = !top || value("MIME-Version").is_some() || content_type.is_some();
    let media = content_type
        .as_deref()
        .map(|t| {
            t.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .unwrap_or_else(|| "text/plain".to_owned());

    if media.starts_with("multipart/")
        && let Some(boundary) = content_type.as_deref().and_then(boundary_of)
    {
        write_fields(&fields, eight_bit_ok, |_| false, out);
        out.extend_from_slice(b"\r\n");
        convert_multipart(body, boundary.as_bytes(), eight_bit_ok, out);
        return;
    }
    if !needs_encoding(body, eight_bit_ok) {
        write_fields(&fields, eight_bit_ok, |_| false, out);
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(body);
        return;
    }
    // Re-encoding a part that is already encoded would corrupt it; an
    // 8-bit byte in one is damage we cannot repair, so it is passed on.
    let encoding = value("Content-Transfer-Encoding").map(|e| e.trim().to_ascii_lowercase());
    if matches!(encoding.as_deref(), Some("base64" | "quoted-printable"))
        || media == "message/rfc822"
    {
        write_fields(&fields, eight_bit_ok, |_| false, out);
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(body);
        return;
    }
    let utf8 = std::str::from_utf8(body).is_ok();
    // Without a charset a reader assumes US-ASCII and shows 8-bit text wrong.
    let new_type = (media.starts_with("text/")
        && !content_type.as_deref().is_some_and(has_charset))
    .then(|| {
        let base = content_type
            .as_deref()
            .unwrap_or("text/plain")
            .trim()
            .trim_end_matches(';');
        let charset = if utf8 { "utf-8" } else { "unknown-8bit" };
        format!("Content-Type: {base}; charset={charset}\r\n")
    });
    let replaced = |name: &str| {
        name.eq_ignore_ascii_case("Content-Transfer-Encoding")
            || (new_type.is_some() && name.eq_ignore_ascii_case("Content-Type"))
    };
    write_fields(&fields, eight_bit_ok, replaced, out);
    if !is_mime {
        out.extend_from_slice(b"MIME-Version: 1.0\r\n");
    }
    if let Some(new_type) = new_type {
        out.extend_from_slice(new_type.as_bytes());
    }
    out.extend_from_slice(b"Content-Transfer-Encoding: quoted-printable\r\n\r\n");
    quoted_printable(body, out);
}

/// Header fields as they came, but those in `skip`; for a 7-bit server an
/// 8-bit UTF-8 Subject or Comments becomes encoded words.
fn write_fields(
    fields: &[(String, &[u8])],
    eight_bit_ok: bool,
    skip: impl Fn(&str) -> bool,
    out: &mut Vec<u8>,
) {
    for (name, raw) in fields {
        if skip(name) {
            continue;
        }
        let unstructured_text = ["Subject", "Comments"]
            .iter()
            .any(|n| n.eq_ignore_ascii_case(name));
        if !eight_bit_ok && unstructured_text && !raw.is_ascii() && std::str::from_utf8(raw).is_ok()
        {
            let mut field = String::new();
            unstructured(&mut field, name, &unfolded(raw));
            out.extend_from_slice(field.as_bytes());
        } else {
            out.extend_from_slice(raw);
            out.extend_from_slice(b"\r\n");
        }
    }
}

fn convert_multipart(body: &[u8], boundary: &[u8], eight_bit_ok: bool, out: &mut Vec<u8>) {
    let mut delimiter = b"--".to_vec();
    delimiter.extend_from_slice(boundary);
    // Positions of the delimiter lines (at the start of a line).
    let mut starts = Vec::new();
    let mut pos = 0;
    while let Some(found) = find(&body[pos..], &delimiter) {
        let at = pos + found;
        if at == 0 || body[..at].ends_with(b"\n") {
            starts.push(at);
        }
        pos = at + delimiter.len();
    }
    if starts.is_empty() {
        out.extend_from_slice(body);
        return;
    }
    out.extend_from_slice(&body[..starts[0]]);
    for (k, &start) in starts.iter().enumerate() {
        let line_end = find(&body[start..], b"\n").map_or(body.len(), |e| start + e + 1);
        out.extend_from_slice(&body[start..line_end]);
        let closing = body[start + delimiter.len()..].starts_with(b"--");
        let next = starts.get(k + 1).copied().unwrap_or(body.len());
        if closing || line_end >= next {
            out.extend_from_slice(&body[line_end.min(next)..next]);
            continue;
        }
        // The part runs to the CRLF before the next delimiter.
        let part = &body[line_end..next];
        let (part, tail): (&[u8], &[u8]) = match part.strip_suffix(b"\r\n") {
            Some(p) => (p, b"\r\n"),
            None => (part, b""),
        };
        convert_entity(part, false, eight_bit_ok, out);
        out.extend_from_slice(tail);
    }
}

fn split_head(entity: &[u8]) -> (&[u8], &[u8]) {
    if entity.starts_with(b"\r\n") {
        return (&[], &entity[2..]);
    }
    match find(entity, b"\r\n\r\n") {
        Some(i) => (&entity[..i], &entity[i + 4..]),
        None => (entity, &[]),
    }
}

/// The fields of a header, each with its continuation lines.
fn header_fields(head: &[u8]) -> Vec<(String, &[u8])> {
    let mut fields: Vec<(String, &[u8])> = Vec::new();
    let mut start = 0;
    let mut lines = Vec::new();
    for (i, w) in head.windows(2).enumerate() {
        if w == b"\r\n" {
            lines.push((start, i));
            start = i + 2;
        }
    }
    if start < head.len() {
        lines.push((start, head.len()));
    }
    let mut field_start = None;
    for (s, e) in lines {
        if head[s..e].starts_with(b" ") || head[s..e].starts_with(b"\t") {
            if let (Some(fs), Some(last)) = (field_start, fields.last_mut()) {
                last.1 = &head[fs..e];
            }
            continue;
        }
        let line = &head[s..e];
        let name = line.split(|&b| b == b':').next().unwrap_or(b"");
        fields.push((String::from_utf8_lossy(name).trim().to_owned(), line));
        field_start = Some(s);
    }
    fields
}

fn unfolded(field: &[u8]) -> String {
    let text = String::from_utf8_lossy(field);
    let value = text.split_once(':').map_or("", |(_, v)| v);
    value.replace("\r\n", "").trim().to_owned()
}

fn has_charset(content_type: &str) -> bool {
    content_type.to_ascii_lowercase().contains("charset=")
}

fn boundary_of(content_type: &str) -> Option<String> {
    let lower = content_type.to_ascii_lowercase();
    let at = lower.find("boundary=")? + "boundary=".len();
    let rest = &content_type[at..];
    let value = if let Some(quoted) = rest.strip_prefix('"') {
        quoted.split('"').next()?
    } else {
        rest.split([';', ' ', '\t']).next()?
    };
    (!value.is_empty()).then(|| value.to_owned())
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Whether every line of a message ends in CRLF, has no bare CR or LF and
/// is at most 998 octets: what the tests check of everything we write.
pub fn is_canonical(raw: &[u8]) -> bool {
    let mut line_len = 0;
    for (i, &b) in raw.iter().enumerate() {
        match b {
            b'\r' if raw.get(i + 1) != Some(&b'\n') => return false,
            b'\r' => {}
            b'\n' if i == 0 || raw[i - 1] != b'\r' => return false,
            b'\n' => line_len = 0,
            _ => {
                line_len += 1;
                if line_len > MAX_LINE {
                    return false;
                }
            }
        }
    }
    raw.is_empty() || raw.ends_with(b"\r\n")
}

/// The message with its Date header field (folded lines included) set to
/// `date`, everything else byte for byte as it was; a message without one
/// gets it first. For a message that waited for a chosen time: it is dated
/// when it goes, not when it was queued (as Thunderbird and Apple Mail do).
pub fn with_date(raw: &[u8], date: chrono::DateTime<chrono::Local>) -> Vec<u8> {
    let field = format!("Date: {}\r\n", date.to_rfc2822());
    let mut out = Vec::with_capacity(raw.len() + field.len());
    let mut rest = raw;
    let mut replaced = false;
    while !rest.is_empty() {
        let end = rest
            .iter()
            .position(|&b| b == b'\n')
            .map_or(rest.len(), |i| i + 1);
        let (line, after) = rest.split_at(end);
        if line == b"\r\n" || line == b"\n" {
            break;
        }
        let is_date = line.len() > 5 && line[..5].eq_ignore_ascii_case(b"date:");
        if is_date && !replaced {
            replaced = true;
            out.extend_from_slice(field.as_bytes());
            rest = after;
            // Its folded continuation lines go with it.
            while rest.first().is_some_and(|&b| b == b' ' || b == b'\t') {
                let end = rest
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(rest.len(), |i| i + 1);
                rest = &rest[end..];
            }
            continue;
        }
        out.extend_from_slice(line);
        rest = after;
    }
    if !replaced {
        let mut dated = field.into_bytes();
        dated.extend_from_slice(&out);
        out = dated;
    }
    out.extend_from_slice(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn qp(text: &str) -> String {
        let mut out = Vec::new();
        quoted_printable(text.as_bytes(), &mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn quoted_printable_keeps_lines_short_and_encodes_what_is_unsafe() {
        assert_eq!(qp("a=b \nc\r\nd\re\0"), "a=3Db=20\r\nc\r\nd=0De=00");
        let long = "x".repeat(200);
        let encoded = qp(&long);
        assert!(encoded.split("\r\n").all(|l| l.len() <= 76), "{encoded}");
        assert_eq!(encoded.replace("=\r\n", ""), long);
        let arabic = qp(&"ب".repeat(100));
        assert!(arabic.split("\r\n").all(|l| l.len() <= 76), "{arabic}");
        // A soft break never splits an =XX triple.
        assert!(arabic.split("=\r\n").all(|l| l.len() % 3 == 0), "{arabic}");
    }

    #[test]
    fn only_text_that_survives_as_it_is_goes_7bit() {
        assert!(fits_7bit("plain text\r\nand\n"));
        assert!(
            !fits_7bit("a lone CR at the end\r"),
            "it would become a line break"
        );
        assert!(!fits_7bit("nul\0"));
        assert!(!fits_7bit(&"x".repeat(77)));
        assert!(!fits_7bit("--=_hudhud_x"), "could look like our boundary");
    }

    #[test]
    fn a_long_subject_without_spaces_is_folded() {
        let mut out = String::new();
        unstructured(&mut out, "Subject", &"x".repeat(10_000));
        assert!(is_canonical(out.as_bytes()), "{out}");
        assert!(out.lines().all(|l| l.len() <= 78));
    }

    #[test]
    fn base64_size_matches_the_stream() {
        for n in [0usize, 1, 56, 57, 58, 57 * 1024, 57 * 1024 + 1, 200_000] {
            let data = vec![7u8; n];
            let mut out = Vec::new();
            base64_stream(&mut &data[..], u64::MAX, &mut out).unwrap();
            assert_eq!(out.len() as u64, base64_size(n as u64), "{n}");
            assert!(is_canonical(&out));
        }
    }

    #[test]
    fn utf8_check_across_chunk_boundaries() {
        let text = "ب".repeat(100_000);
        assert!(is_utf8(&mut text.as_bytes(), u64::MAX).unwrap());
        let mut bad = text.into_bytes();
        bad.push(0xff);
        assert!(!is_utf8(&mut &bad[..], u64::MAX).unwrap());
        assert!(!is_utf8(&mut &b"\xd8"[..], u64::MAX).unwrap());
    }

    #[test]
    fn a_new_date_replaces_the_old_one_and_leaves_every_other_byte() {
        use chrono::TimeZone;
        let when = chrono::Local
            .with_ymd_and_hms(2026, 12, 24, 9, 0, 0)
            .unwrap();
        let field = format!("Date: {}\r\n", when.to_rfc2822());
        let raw = b"From: a@x\r\nDATE: Sun, 29 Nov 2026\r\n 17:57:00 +0000\r\nSubject: s\r\n\r\nDate: in the body\r\n";
        assert_eq!(
            String::from_utf8(with_date(raw, when)).unwrap(),
            format!("From: a@x\r\n{field}Subject: s\r\n\r\nDate: in the body\r\n")
        );
        // None in the header: one is added, the body stays.
        let raw = b"Subject: s\r\n\r\nDate: no\r\n";
        assert_eq!(
            String::from_utf8(with_date(raw, when)).unwrap(),
            format!("{field}Subject: s\r\n\r\nDate: no\r\n")
        );
    }
}
