//! Which folder is "Sent": the server's SPECIAL-USE mark (RFC 6154) first,
//! then the names clients and servers use for it in several languages.
//! Folder names travel in modified UTF-7 (RFC 3501 §5.1.3).

use base64::Engine;
use base64::alphabet::Alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

/// One line of LIST: the name as the server spells it (modified UTF-7) and
/// its attributes, lowercased ("\\sent", "\\noselect").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub name: String,
    pub delimiter: Option<String>,
    pub attributes: Vec<String>,
}

impl Listed {
    pub fn new(name: &str, delimiter: Option<&str>, attributes: &[&str]) -> Listed {
        Listed {
            name: name.to_owned(),
            delimiter: delimiter.map(str::to_owned),
            attributes: attributes.iter().map(|a| a.to_ascii_lowercase()).collect(),
        }
    }

    fn has(&self, attribute: &str) -> bool {
        self.attributes.iter().any(|a| a == attribute)
    }

    fn selectable(&self) -> bool {
        !self.has("\\noselect") && !self.has("\\nonexistent")
    }
}

/// The names of a Sent folder, most common first: English, what Gmail and
/// Courier/Cyrus-style servers show, then other languages.
pub const KNOWN_SENT_NAMES: &[&str] = &[
    "Sent",
    "Sent Items",
    "Sent Messages",
    "Sent Mail",
    "[Gmail]/Sent Mail",
    "[Google Mail]/Sent Mail",
    "INBOX.Sent",
    "INBOX/Sent",
    "Gesendet",
    "Gesendete Objekte",
    "Gesendete Elemente",
    "Envoyés",
    "Éléments envoyés",
    "Messages envoyés",
    "Enviados",
    "Elementos enviados",
    "Posta inviata",
    "Inviata",
    "Verzonden",
    "Verzonden items",
    "Skickat",
    "Skickade objekt",
    "Wysłane",
    "Отправленные",
    "Gönderilen",
    "Gönderilmiş Öğeler",
    "المرسلة",
    "البريد المرسل",
    "العناصر المرسلة",
    "ارسال شده",
    "送信済み",
    "已发送",
];

/// The Sent folder among `listed`, as the server spells it (ready for
/// APPEND); None when no folder looks like one.
pub fn choose_sent(listed: &[Listed]) -> Option<String> {
    let usable: Vec<&Listed> = listed.iter().filter(|l| l.selectable()).collect();
    if let Some(marked) = usable.iter().find(|l| l.has("\\sent")) {
        return Some(marked.name.clone());
    }
    let decoded: Vec<(String, &Listed)> = usable
        .iter()
        .map(|l| (decode_utf7(&l.name).to_lowercase(), *l))
        .collect();
    // A whole name first ("Sent"), then a last level ("INBOX.Sent",
    // "Archive/Gesendet" loses to a top-level match this way).
    for known in KNOWN_SENT_NAMES {
        let known = known.to_lowercase();
        if let Some((_, l)) = decoded.iter().find(|(name, _)| *name == known) {
            return Some(l.name.clone());
        }
    }
    for known in KNOWN_SENT_NAMES {
        let known = known.to_lowercase();
        let found = decoded.iter().find(|(name, l)| {
            let leaf = match l.delimiter.as_deref().filter(|d| !d.is_empty()) {
                Some(d) => name.rsplit(&d.to_lowercase()).next().unwrap_or(name),
                None => name.as_str(),
            };
            leaf == known
        });
        if let Some((_, l)) = found {
            return Some(l.name.clone());
        }
    }
    None
}

fn engine() -> GeneralPurpose {
    // The modified base64 of RFC 3501: ',' for '/', no padding.
    let alphabet =
        Alphabet::new("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,")
            .unwrap_or(base64::alphabet::STANDARD);
    GeneralPurpose::new(
        &alphabet,
        GeneralPurposeConfig::new()
            .with_encode_padding(false)
            .with_decode_padding_mode(DecodePaddingMode::RequireNone)
            .with_decode_allow_trailing_bits(true),
    )
}

/// A folder name as the user reads it. A malformed name stays as it is.
pub fn decode_utf7(name: &str) -> String {
    let mut out = String::new();
    let mut rest = name;
    while let Some(start) = rest.find('&') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let Some(end) = after.find('-') else {
            return name.to_owned();
        };
        let chunk = &after[..end];
        if chunk.is_empty() {
            out.push('&');
        } else {
            let Ok(bytes) = engine().decode(chunk) else {
                return name.to_owned();
            };
            let units: Vec<u16> = bytes
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            match String::from_utf16(&units) {
                Ok(text) => out.push_str(&text),
                Err(_) => return name.to_owned(),
            }
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// A folder name the user typed, as the server spells it.
pub fn encode_utf7(name: &str) -> String {
    let mut out = String::new();
    let mut pending: Vec<u16> = Vec::new();
    let flush = |pending: &mut Vec<u16>, out: &mut String| {
        if pending.is_empty() {
            return;
        }
        let bytes: Vec<u8> = pending.iter().flat_map(|u| u.to_be_bytes()).collect();
        out.push('&');
        out.push_str(&engine().encode(bytes));
        out.push('-');
        pending.clear();
    };
    for c in name.chars() {
        if (' '..='~').contains(&c) {
            flush(&mut pending, &mut out);
            if c == '&' {
                out.push_str("&-");
            } else {
                out.push(c);
            }
        } else {
            let mut units = [0u16; 2];
            pending.extend_from_slice(c.encode_utf16(&mut units));
        }
    }
    flush(&mut pending, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_special_use_mark_wins_over_any_name() {
        let listed = [
            Listed::new("INBOX", Some("/"), &[]),
            Listed::new("Sent", Some("/"), &["\\HasNoChildren"]),
            Listed::new("Outgoing", Some("/"), &["\\HasNoChildren", "\\Sent"]),
        ];
        assert_eq!(choose_sent(&listed).as_deref(), Some("Outgoing"));
    }

    #[test]
    fn without_special_use_a_known_name_is_found_in_any_case_and_language() {
        let plain = |names: &[&str]| -> Vec<Listed> {
            names
                .iter()
                .map(|n| Listed::new(n, Some("."), &[]))
                .collect()
        };
        assert_eq!(
            choose_sent(&plain(&["INBOX", "Drafts", "sent items"])).as_deref(),
            Some("sent items")
        );
        assert_eq!(
            choose_sent(&plain(&["INBOX", "INBOX.Drafts", "INBOX.Sent"])).as_deref(),
            Some("INBOX.Sent")
        );
        assert_eq!(
            choose_sent(&plain(&["INBOX", "Gesendet"])).as_deref(),
            Some("Gesendet")
        );
        // Arabic, as the server spells it (modified UTF-7).
        let arabic = encode_utf7("المرسلة");
        assert_eq!(
            choose_sent(&plain(&["INBOX", "Archive", &arabic])).as_deref(),
            Some(arabic.as_str())
        );
        // A top-level "Sent" beats a nested one.
        assert_eq!(
            choose_sent(&plain(&["INBOX", "Old.Sent", "Sent"])).as_deref(),
            Some("Sent")
        );
        assert_eq!(choose_sent(&plain(&["INBOX", "Drafts", "Trash"])), None);
    }

    #[test]
    fn an_unselectable_folder_is_never_chosen() {
        let listed = [
            Listed::new("[Gmail]", Some("/"), &["\\Noselect", "\\Sent"]),
            Listed::new("Sent", Some("/"), &["\\NonExistent"]),
            Listed::new("Sent Messages", Some("/"), &[]),
        ];
        assert_eq!(choose_sent(&listed).as_deref(), Some("Sent Messages"));
    }

    #[test]
    fn modified_utf7_round_trips() {
        // RFC 3501's own example, and Arabic.
        assert_eq!(
            decode_utf7("~peter/mail/&U,BTFw-/&ZeVnLIqe-"),
            "~peter/mail/台北/日本語"
        );
        assert_eq!(
            encode_utf7("~peter/mail/台北/日本語"),
            "~peter/mail/&U,BTFw-/&ZeVnLIqe-"
        );
        for name in ["المرسلة", "Envoyés", "A&B", "Sent"] {
            assert_eq!(decode_utf7(&encode_utf7(name)), name);
        }
        assert_eq!(encode_utf7("A&B"), "A&-B");
        // Broken input is shown as it is, never a panic.
        assert_eq!(decode_utf7("&Jjo"), "&Jjo");
        assert_eq!(decode_utf7("&!!-"), "&!!-");
    }
}
