//! `mailto:` links (RFC 6068) turned into a draft.

use crate::compose::Draft;

/// Parses `mailto:a@x,b@y?cc=c@z&subject=Hi&body=...`. Unknown headers are
/// ignored; nothing here can fail, a malformed part is kept as typed so the
/// compose window shows it with its problem.
pub fn parse(link: &str) -> Draft {
    let rest = link
        .trim()
        .strip_prefix("mailto:")
        .or_else(|| link.trim().strip_prefix("MAILTO:"))
        .unwrap_or(link.trim());
    let (to, query) = rest.split_once('?').unwrap_or((rest, ""));
    let mut draft = Draft {
        to: split_addresses(&decode(to)),
        ..Draft::default()
    };
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let value = decode(value);
        match key.to_ascii_lowercase().as_str() {
            "to" => draft.to.extend(split_addresses(&value)),
            "cc" => draft.cc.extend(split_addresses(&value)),
            "bcc" => draft.bcc.extend(split_addresses(&value)),
            "subject" => draft.subject = value,
            // RFC 6068: line breaks in body are %0D%0A.
            "body" => draft.body = value.replace("\r\n", "\n"),
            _ => {}
        }
    }
    draft
}

fn split_addresses(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Percent-decoding as UTF-8; an invalid escape is kept literally.
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc6068_examples() {
        let d =
            parse("mailto:a@example.com?cc=b@example.com&subject=Hi%20there&body=line1%0D%0Aline2");
        assert_eq!(d.to, ["a@example.com"]);
        assert_eq!(d.cc, ["b@example.com"]);
        assert_eq!(d.subject, "Hi there");
        assert_eq!(d.body, "line1\nline2");
        let d = parse("mailto:?to=x@y.org,z@y.org&subject=%D8%B3%D9%84%D8%A7%D9%85");
        assert_eq!(d.to, ["x@y.org", "z@y.org"]);
        assert_eq!(d.subject, "سلام");
        assert_eq!(parse("mailto:a%40b.c").to, ["a@b.c"]);
        assert_eq!(parse("mailto:x?subject=%ZZ").subject, "%ZZ");
    }
}
