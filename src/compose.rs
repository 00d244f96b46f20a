//! From what the user typed (a [`Draft`]) to the RFC 5322 bytes that go out.

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use lettre::Message;
use lettre::address::AddressError;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use serde::{Deserialize, Serialize};

use crate::config::Account;
use crate::fl;

/// What the user typed. Addresses are kept as typed, so nothing is lost
/// while they are still being corrected.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub bcc: Vec<String>,
    pub subject: String,
    pub body: String,
    pub attachments: Vec<PathBuf>,
    /// The time chosen with "Send later", kept when a scheduled message is
    /// reopened for editing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub send_at: Option<chrono::DateTime<chrono::Utc>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Field {
    From,
    To,
    Cc,
    Bcc,
}

impl Field {
    pub fn label(self) -> String {
        match self {
            Field::From => fl!("field-from"),
            Field::To => fl!("field-to"),
            Field::Cc => fl!("field-cc"),
            Field::Bcc => fl!("field-bcc"),
        }
    }
}

/// Why an address is not valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressProblem {
    Empty,
    MissingParts,
    Unbalanced,
    InvalidUser,
    InvalidDomain,
    InvalidInput,
}

impl AddressProblem {
    pub fn describe(self) -> String {
        match self {
            AddressProblem::Empty => fl!("address-empty"),
            AddressProblem::MissingParts => fl!("address-missing-parts"),
            AddressProblem::Unbalanced => fl!("address-unbalanced"),
            AddressProblem::InvalidUser => fl!("address-invalid-user"),
            AddressProblem::InvalidDomain => fl!("address-invalid-domain"),
            AddressProblem::InvalidInput => fl!("address-invalid-input"),
        }
    }
}

impl From<AddressError> for AddressProblem {
    fn from(e: AddressError) -> Self {
        match e {
            AddressError::MissingParts => AddressProblem::MissingParts,
            AddressError::Unbalanced => AddressProblem::Unbalanced,
            AddressError::InvalidUser => AddressProblem::InvalidUser,
            AddressError::InvalidDomain => AddressProblem::InvalidDomain,
            _ => AddressProblem::InvalidInput,
        }
    }
}

/// Parses one address as typed: `a@b.c` or `Name <a@b.c>`.
pub fn parse_mailbox(text: &str) -> Result<Mailbox, AddressProblem> {
    let text = text.trim();
    if text.is_empty() {
        return Err(AddressProblem::Empty);
    }
    if text.contains('<') {
        Mailbox::from_str(text).map_err(AddressProblem::from)
    } else {
        // A bare address: parsing it as such gives the precise reason.
        lettre::Address::from_str(text)
            .map(|address| Mailbox::new(None, address))
            .map_err(AddressProblem::from)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ComposeError {
    InvalidAddress {
        field: Field,
        /// 1-based position in that field.
        position: usize,
        address: String,
        problem: AddressProblem,
    },
    NoRecipients,
    AttachmentMissing(PathBuf),
    AttachmentUnreadable {
        path: PathBuf,
        reason: String,
    },
    Build(String),
}

impl fmt::Display for ComposeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            ComposeError::InvalidAddress {
                field,
                position,
                address,
                problem,
            } => fl!(
                "error-invalid-address",
                field = field.label(),
                position = (*position as u64),
                address = address.clone(),
                reason = problem.describe()
            ),
            ComposeError::NoRecipients => fl!("error-no-recipients"),
            ComposeError::AttachmentMissing(path) => {
                fl!(
                    "error-attachment-missing",
                    path = path.display().to_string()
                )
            }
            ComposeError::AttachmentUnreadable { path, reason } => fl!(
                "error-attachment-unreadable",
                path = path.display().to_string(),
                reason = reason.clone()
            ),
            ComposeError::Build(reason) => fl!("error-message-build", reason = reason.clone()),
        };
        f.write_str(&text)
    }
}

impl std::error::Error for ComposeError {}

/// A message ready for the wire: the envelope and the exact bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outgoing {
    pub message_id: String,
    pub envelope_from: String,
    pub envelope_to: Vec<String>,
    #[serde(skip)]
    pub raw: Vec<u8>,
}

/// Checks every address in the draft, in order, and returns the first problem.
pub fn validate_addresses(draft: &Draft) -> Result<(), ComposeError> {
    parsed_recipients(draft).map(|_| ())
}

fn parsed_recipients(draft: &Draft) -> Result<[Vec<Mailbox>; 3], ComposeError> {
    let parse_field = |field: Field, list: &[String]| {
        list.iter()
            .enumerate()
            .map(|(i, text)| {
                parse_mailbox(text).map_err(|problem| ComposeError::InvalidAddress {
                    field,
                    position: i + 1,
                    address: text.clone(),
                    problem,
                })
            })
            .collect::<Result<Vec<_>, _>>()
    };
    let lists = [
        parse_field(Field::To, &draft.to)?,
        parse_field(Field::Cc, &draft.cc)?,
        parse_field(Field::Bcc, &draft.bcc)?,
    ];
    if lists.iter().all(Vec::is_empty) {
        return Err(ComposeError::NoRecipients);
    }
    Ok(lists)
}

/// A fresh Message-ID in the sender's domain (not the machine's host name).
pub fn new_message_id(from_email: &str) -> String {
    let domain = from_email
        .rsplit_once('@')
        .map(|(_, d)| d)
        .filter(|d| !d.is_empty())
        .unwrap_or("hudhud.invalid");
    format!("<{}@{}>", uuid::Uuid::new_v4().simple(), domain)
}

/// Builds the message. Every address and attachment is checked before
/// anything else happens, so errors come before any connection is made.
pub fn build_message(account: &Account, draft: &Draft) -> Result<Outgoing, ComposeError> {
    let from_text = match &account.display_name {
        Some(name) if !name.trim().is_empty() => {
            format!("{} <{}>", quote_name(name), account.email)
        }
        _ => account.email.clone(),
    };
    let from = parse_mailbox(&from_text).map_err(|problem| ComposeError::InvalidAddress {
        field: Field::From,
        position: 1,
        address: account.email.clone(),
        problem,
    })?;
    let [to, cc, bcc] = parsed_recipients(draft)?;
    let attachments = draft
        .attachments
        .iter()
        .map(|path| read_attachment(path))
        .collect::<Result<Vec<_>, _>>()?;

    let message_id = new_message_id(&account.email);
    let mut builder = Message::builder()
        .from(from)
        .subject(draft.subject.clone())
        .message_id(Some(message_id.clone()))
        .date_now()
        .user_agent(format!("Hudhud/{}", env!("CARGO_PKG_VERSION")));
    for mailbox in to {
        builder = builder.to(mailbox);
    }
    for mailbox in cc {
        builder = builder.cc(mailbox);
    }
    for mailbox in bcc {
        builder = builder.bcc(mailbox);
    }
    let text = SinglePart::plain(draft.body.clone());
    let message = if attachments.is_empty() {
        builder.singlepart(text)
    } else {
        let mut multipart = MultiPart::mixed().singlepart(text);
        for (name, bytes, content_type) in attachments {
            multipart = multipart.singlepart(Attachment::new(name).body(bytes, content_type));
        }
        builder.multipart(multipart)
    }
    .map_err(|e| ComposeError::Build(e.to_string()))?;

    let envelope = message.envelope();
    Ok(Outgoing {
        message_id,
        envelope_from: envelope.from().map(ToString::to_string).unwrap_or_default(),
        envelope_to: envelope.to().iter().map(ToString::to_string).collect(),
        raw: message.formatted(),
    })
}

/// A draft rebuilt from a message's source, for Edit and Send again of
/// messages the command line queued (they carry no draft). Recipients,
/// subject and text come from the message; envelope recipients missing from
/// To and Cc were Bcc. Attachments are written under `attachments_dir`
/// (private), since a draft refers to files.
pub fn draft_from_message(
    raw: &[u8],
    envelope_to: &[String],
    attachments_dir: &Path,
) -> Result<Draft, String> {
    use mail_parser::{MessageParser, MimeHeaders};
    let message = MessageParser::default()
        .parse(raw)
        .ok_or_else(|| fl!("eml-unreadable"))?;
    let mailboxes = |address: Option<&mail_parser::Address<'_>>| -> Vec<String> {
        address
            .map(|a| {
                a.iter()
                    .filter_map(|addr| {
                        let email = addr.address.as_deref()?.trim();
                        Some(match addr.name.as_deref().map(str::trim) {
                            Some(name) if !name.is_empty() => {
                                format!("{} <{email}>", quote_name(name))
                            }
                            _ => email.to_owned(),
                        })
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let to = mailboxes(message.to());
    let cc = mailboxes(message.cc());
    let shown: Vec<String> = to
        .iter()
        .chain(&cc)
        .map(|m| bare_address(m).to_lowercase())
        .collect();
    let bcc = envelope_to
        .iter()
        .filter(|a| !shown.contains(&a.to_lowercase()))
        .cloned()
        .collect();
    let mut body = message
        .body_text(0)
        .map(|t| t.replace("\r\n", "\n"))
        .unwrap_or_default();
    if body.ends_with('\n') {
        body.pop();
    }
    let mut attachments = Vec::new();
    for (n, part) in message.attachments().enumerate() {
        if attachments.is_empty() {
            crate::paths::create_private_dir(attachments_dir)
                .map_err(|e| format!("{}: {e}", attachments_dir.display()))?;
        }
        // Only the file name: a name with folders in it stays inside.
        let name = part
            .attachment_name()
            .and_then(|n| Path::new(n).file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .filter(|n| !n.is_empty() && n != "..")
            .unwrap_or_else(|| format!("attachment-{}", n + 1));
        let mut path = attachments_dir.join(&name);
        if attachments.contains(&path) {
            path = attachments_dir.join(format!("{}-{name}", n + 1));
        }
        crate::paths::write_private_atomic(&path, part.contents())
            .map_err(|e| format!("{}: {e}", path.display()))?;
        attachments.push(path);
    }
    Ok(Draft {
        to,
        cc,
        bcc,
        subject: message.subject().unwrap_or_default().to_owned(),
        body,
        attachments,
        send_at: None,
    })
}

/// "Name <a@b>" → "a@b"; a bare address stays as it is.
fn bare_address(mailbox: &str) -> &str {
    match (mailbox.rfind('<'), mailbox.rfind('>')) {
        (Some(open), Some(close)) if open < close => &mailbox[open + 1..close],
        _ => mailbox.trim(),
    }
}

/// A size for people: "840 B", "12 KB", "31.2 MB".
pub fn human_size(bytes: u64) -> String {
    const KB: f64 = 1024.0;
    let b = bytes as f64;
    if b < KB {
        format!("{bytes} B")
    } else if b < KB * KB {
        format!("{:.0} KB", b / KB)
    } else {
        format!("{:.1} MB", b / KB / KB)
    }
}

/// Display names with specials must be quoted to parse as a mailbox.
fn quote_name(name: &str) -> String {
    let needs_quotes = name.chars().any(|c| "()<>[]:;@\\,.\"".contains(c));
    if needs_quotes {
        format!("\"{}\"", name.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        name.to_owned()
    }
}

fn read_attachment(path: &Path) -> Result<(String, Vec<u8>, ContentType), ComposeError> {
    let bytes = std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => ComposeError::AttachmentMissing(path.to_owned()),
        _ => ComposeError::AttachmentUnreadable {
            path: path.to_owned(),
            reason: e.to_string(),
        },
    })?;
    if path.is_dir() {
        return Err(ComposeError::AttachmentUnreadable {
            path: path.to_owned(),
            reason: fl!("attachment-is-folder"),
        });
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "attachment".to_owned());
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let content_type = ContentType::parse(mime.as_ref())
        .unwrap_or_else(|_| ContentType::parse("application/octet-stream").expect("valid"));
    Ok((name, bytes, content_type))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{AuthMethod, Security};

    fn account() -> Account {
        Account {
            name: "a".into(),
            display_name: Some("ليلى أحمد".into()),
            email: "layla@example.com".into(),
            host: "smtp.example.com".into(),
            port: None,
            security: Security::Starttls,
            auth: AuthMethod::Password,
            username: None,
            ca_file: None,
            signature: None,
            allow_insecure: false,
        }
    }

    fn header<'a>(raw: &'a str, name: &str) -> Option<&'a str> {
        raw.lines().take_while(|l| !l.is_empty()).find(|l| {
            l.to_ascii_lowercase()
                .starts_with(&format!("{}:", name.to_ascii_lowercase()))
        })
    }

    #[test]
    fn a_sent_message_reads_back_into_the_same_draft() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("تقرير الربع.pdf");
        std::fs::write(&file, b"%PDF-1.4 \x00\xff bytes").unwrap();
        let draft = Draft {
            to: vec!["سلمى <salma@example.net>".into(), "omar@example.org".into()],
            cc: vec!["team@example.org".into()],
            bcc: vec!["boss@example.com".into()],
            subject: "موعد الاجتماع Q3".into(),
            body: "مرحبا سلمى،\n\nالتقرير مرفق.\n-- \nليلى".into(),
            attachments: vec![file.clone()],
            send_at: None,
        };
        let outgoing = build_message(&account(), &draft).unwrap();
        let back = draft_from_message(
            &outgoing.raw,
            &outgoing.envelope_to,
            &dir.path().join("back"),
        )
        .unwrap();
        assert_eq!(back.to, draft.to);
        assert_eq!(back.cc, draft.cc);
        assert_eq!(back.bcc, draft.bcc);
        assert_eq!(back.subject, draft.subject);
        assert_eq!(back.body, draft.body);
        assert_eq!(back.attachments.len(), 1);
        assert_eq!(back.attachments[0].file_name(), file.file_name());
        assert_eq!(
            std::fs::read(&back.attachments[0]).unwrap(),
            std::fs::read(&file).unwrap()
        );
    }

    #[test]
    fn a_script_message_in_a_legacy_arabic_charset_reads_back() {
        // windows-1256 "مرحبا", quoted-printable, with a hostile file name.
        let raw = b"To: a@example.com\r\nSubject: =?windows-1256?B?49HNyMc=?=\r\n\
            MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n\
            --b\r\nContent-Type: text/plain; charset=windows-1256\r\n\
            Content-Transfer-Encoding: quoted-printable\r\n\r\n=E3=D1=CD=C8=C7\r\n\
            --b\r\nContent-Type: text/plain\r\n\
            Content-Disposition: attachment; filename=\"../../etc/passwd\"\r\n\r\nx\r\n--b--\r\n";
        let dir = tempfile::tempdir().unwrap();
        let back = draft_from_message(raw, &["a@example.com".into()], dir.path()).unwrap();
        assert_eq!(back.subject, "مرحبا");
        assert_eq!(back.body, "مرحبا");
        assert!(back.bcc.is_empty());
        assert_eq!(back.attachments, [dir.path().join("passwd")]);
        assert!(draft_from_message(b"", &[], dir.path()).is_err());
    }

    #[test]
    fn bcc_only_in_envelope_and_ids_present() {
        let draft = Draft {
            to: vec!["to@example.com".into()],
            cc: vec!["Cc Person <cc@example.com>".into()],
            bcc: vec!["hidden@example.com".into()],
            subject: "Hello".into(),
            body: "Hi".into(),
            attachments: vec![],
            send_at: None,
        };
        let out = build_message(&account(), &draft).unwrap();
        let raw = String::from_utf8(out.raw.clone()).unwrap();
        assert!(header(&raw, "Bcc").is_none(), "{raw}");
        assert!(!raw.contains("hidden@example.com"));
        assert_eq!(
            out.envelope_to,
            vec!["to@example.com", "cc@example.com", "hidden@example.com"]
        );
        assert_eq!(out.envelope_from, "layla@example.com");
        assert!(header(&raw, "Date").is_some());
        let id_line = header(&raw, "Message-ID").unwrap();
        assert!(id_line.contains(&out.message_id));
        assert!(out.message_id.ends_with("@example.com>"));
    }

    #[test]
    fn arabic_subject_and_from_name_are_encoded_words() {
        let draft = Draft {
            to: vec!["to@example.com".into()],
            subject: "مرحبا بالعالم".into(),
            body: "نص عربي\nسطر ثان".into(),
            ..Draft::default()
        };
        let raw = String::from_utf8(build_message(&account(), &draft).unwrap().raw).unwrap();
        assert!(raw.is_ascii(), "headers and body are 7-bit encoded");
        assert!(
            header(&raw, "Subject").unwrap().contains("=?utf-8?"),
            "{raw}"
        );
        assert!(header(&raw, "From").unwrap().contains("=?utf-8?"), "{raw}");
    }

    #[test]
    fn invalid_address_reported_by_field_and_position() {
        let draft = Draft {
            to: vec!["ok@example.com".into()],
            cc: vec!["fine@example.com".into(), "broken@".into()],
            ..Draft::default()
        };
        let err = build_message(&account(), &draft).unwrap_err();
        assert_eq!(
            err,
            ComposeError::InvalidAddress {
                field: Field::Cc,
                position: 2,
                address: "broken@".into(),
                problem: AddressProblem::InvalidDomain,
            }
        );
        assert!(err.to_string().contains("broken@"));
    }

    #[test]
    fn no_recipient_is_an_error() {
        assert_eq!(
            build_message(&account(), &Draft::default()).unwrap_err(),
            ComposeError::NoRecipients
        );
    }

    #[test]
    fn attachment_keeps_its_non_ascii_name_and_type() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("تقرير.pdf");
        std::fs::write(&path, b"%PDF-1.4 test").unwrap();
        let draft = Draft {
            to: vec!["to@example.com".into()],
            subject: "s".into(),
            body: "b".into(),
            attachments: vec![path],
            ..Draft::default()
        };
        let raw = String::from_utf8(build_message(&account(), &draft).unwrap().raw).unwrap();
        assert!(raw.contains("application/pdf"), "{raw}");
        assert!(raw.contains("multipart/mixed"));
        // RFC 2231 / encoded filename: the raw Arabic bytes are not in the header
        assert!(raw.contains("filename"), "{raw}");
    }

    #[test]
    fn missing_attachment_is_a_clear_error() {
        let draft = Draft {
            to: vec!["to@example.com".into()],
            attachments: vec!["/nonexistent/file.pdf".into()],
            ..Draft::default()
        };
        assert_eq!(
            build_message(&account(), &draft).unwrap_err(),
            ComposeError::AttachmentMissing("/nonexistent/file.pdf".into())
        );
    }

    #[test]
    fn display_name_with_specials_is_quoted() {
        let mut acc = account();
        acc.display_name = Some("Smith, John (Ops)".into());
        let draft = Draft {
            to: vec!["to@example.com".into()],
            ..Draft::default()
        };
        let raw = String::from_utf8(build_message(&acc, &draft).unwrap().raw).unwrap();
        use base64::Engine;
        let encoded = base64::engine::general_purpose::STANDARD.encode("Smith, John (Ops)");
        let from = header(&raw, "From").unwrap();
        assert!(
            from.contains(&encoded) && from.ends_with("<layla@example.com>"),
            "{raw}"
        );
    }
}
