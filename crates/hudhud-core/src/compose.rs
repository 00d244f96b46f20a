//! From what the user typed (a [`Draft`]) to the RFC 5322 bytes that go out.

use std::fmt;
use std::fs::File;
use std::io::{self, Seek, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use lettre::address::AddressError;
use lettre::message::Mailbox;
use serde::{Deserialize, Serialize};

use crate::config::Account;
use crate::fl;

mod flowed;
pub mod markdown;
pub mod saved;
mod wire;
pub use flowed::{decode as unflow, encode as flow};
pub use wire::{MAX_LINE, canonical, is_canonical, seven_bit, with_date};

/// The most a message's attachments may add up to when the server has not
/// announced its own limit (SIZE). Checked before any file is read.
pub const DEFAULT_ATTACHMENT_LIMIT: u64 = 100 * 1000 * 1000;

/// A whole `Name: mailbox, ...` header field, folded and encoded, CRLF
/// included (for messages not built here, such as sendmail's From).
pub fn address_field(name: &str, list: &[Mailbox]) -> String {
    let mut out = String::new();
    wire::address_list(&mut out, name, list);
    out
}

/// What the user typed. Addresses are kept as typed, so nothing is lost
/// while they are still being corrected.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// The identity it is sent as: one of the account's aliases (None: the
    /// account's own address).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
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
    /// The body is Markdown-style text (the window, `send --markdown`): it
    /// goes as format=flowed text, with an HTML copy when it uses any
    /// formatting and the account allows it. Otherwise the body goes
    /// exactly as typed (scripts, sendmail).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub markdown: bool,
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
    /// Adding `path` takes the message past `limit` (the server's, when
    /// `server`, else `DEFAULT_ATTACHMENT_LIMIT`); `size` is what it adds up to.
    TooBig {
        path: PathBuf,
        size: u64,
        limit: u64,
        server: bool,
    },
    /// A line break or other control character in a value that goes into
    /// a header as it is (a display name): it could end the field early.
    ControlCharacter {
        field: String,
        found: char,
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
            ComposeError::TooBig {
                path,
                size,
                limit,
                server,
            } => {
                let (path, size, limit) = (
                    path.display().to_string(),
                    human_size(*size),
                    human_size(*limit),
                );
                if *server {
                    fl!(
                        "error-attachments-too-big-for-server",
                        path = path,
                        size = size,
                        limit = limit
                    )
                } else {
                    fl!(
                        "error-attachments-too-big",
                        path = path,
                        size = size,
                        limit = limit
                    )
                }
            }
            ComposeError::ControlCharacter { field, found } => fl!(
                "error-control-character",
                field = field.clone(),
                code = format!("U+{:04X}", u32::from(*found))
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

/// The one rule for text that goes into a header as it is (display names,
/// from the config, `account add`, the window or `sendmail -F`): no line
/// break or other control character, which could end the field early and
/// start another. `field` names the value in the error.
pub fn check_header_text(field: &str, text: &str) -> Result<(), ComposeError> {
    match text.chars().find(|c| c.is_control()) {
        Some(found) => Err(ComposeError::ControlCharacter {
            field: field.to_owned(),
            found,
        }),
        None => Ok(()),
    }
}

/// Text made fit for one header line: every run of control characters and
/// white space becomes one space (for names given by programs, such as
/// `sendmail -F`, where refusing the whole message would help nobody).
pub fn single_line(text: &str) -> String {
    text.split(|c: char| c.is_control() || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A message ready to be written: its envelope, the header and text in
/// memory, and the attachments as open files that are read (and encoded)
/// only while the message is written out.
#[derive(Debug)]
pub struct Composed {
    pub message_id: String,
    pub envelope_from: String,
    pub envelope_to: Vec<String>,
    /// Everything up to the first attachment's data.
    head: Vec<u8>,
    attachments: Vec<Attached>,
    boundary: String,
}

#[derive(Debug)]
struct Attached {
    path: PathBuf,
    file: File,
    /// Checked against the limit before reading; no more is ever read.
    size: u64,
    /// The part's delimiter line and header, blank line included.
    header: Vec<u8>,
}

impl Composed {
    /// Writes the whole message, CRLF-only, every line at most 998 octets.
    /// An attachment that cannot be read fails with a `ComposeError` inside
    /// the `io::Error`.
    pub fn write_to(&self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(&self.head)?;
        if self.attachments.is_empty() {
            return Ok(());
        }
        for attached in &self.attachments {
            out.write_all(&attached.header)?;
            let mut file = &attached.file;
            let unreadable = |e: io::Error| {
                io::Error::other(ComposeError::AttachmentUnreadable {
                    path: attached.path.clone(),
                    reason: e.to_string(),
                })
            };
            file.rewind().map_err(unreadable)?;
            wire::base64_stream(&mut file, attached.size, out).map_err(|e| match e {
                wire::CopyError::Read(e) => unreadable(e),
                wire::CopyError::Write(e) => e,
            })?;
            out.write_all(b"\r\n")?;
        }
        write!(out, "--{}--\r\n", self.boundary)
    }

    /// The message in memory, with its envelope.
    pub fn into_outgoing(self) -> Result<Outgoing, ComposeError> {
        let mut raw = Vec::with_capacity(self.head.len());
        self.write_to(&mut raw)
            .map_err(|e| match e.downcast::<ComposeError>() {
                Ok(e) => e,
                Err(e) => ComposeError::Build(e.to_string()),
            })?;
        Ok(Outgoing {
            message_id: self.message_id,
            envelope_from: self.envelope_from,
            envelope_to: self.envelope_to,
            raw,
        })
    }
}

/// Builds the message in memory (for small messages and tests; the
/// command line and the window write through `prepare` into the spool).
pub fn build_message(account: &Account, draft: &Draft) -> Result<Outgoing, ComposeError> {
    prepare(account, draft, None)?.into_outgoing()
}

/// Checks everything (addresses, display name, attachments and their
/// sizes against `server_limit` or `DEFAULT_ATTACHMENT_LIMIT`) before any
/// connection is made, and lays the message out. Attachments are opened
/// here and read only by `Composed::write_to`.
pub fn prepare(
    account: &Account,
    draft: &Draft,
    server_limit: Option<u64>,
) -> Result<Composed, ComposeError> {
    let from_address = lettre::Address::from_str(account.email.trim()).map_err(|e| {
        ComposeError::InvalidAddress {
            field: Field::From,
            position: 1,
            address: account.email.clone(),
            problem: AddressProblem::from(e),
        }
    })?;
    let display_name = account
        .display_name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty());
    if let Some(name) = display_name {
        check_header_text(&fl!("field-display-name"), name)?;
    }
    let from = Mailbox::new(display_name.map(str::to_owned), from_address);
    let [to, cc, bcc] = parsed_recipients(draft)?;
    let opened = open_attachments(&draft.attachments, server_limit)?;

    let message_id = new_message_id(&account.email);
    let mut head = String::new();
    head.push_str(&format!("Date: {}\r\n", chrono::Local::now().to_rfc2822()));
    wire::address_list(&mut head, "From", std::slice::from_ref(&from));
    if !to.is_empty() {
        wire::address_list(&mut head, "To", &to);
    }
    if !cc.is_empty() {
        wire::address_list(&mut head, "Cc", &cc);
    }
    wire::unstructured(&mut head, "Subject", &draft.subject);
    head.push_str(&format!("Message-ID: {message_id}\r\n"));
    head.push_str(&format!(
        "User-Agent: Hudhud/{}\r\nMIME-Version: 1.0\r\n",
        env!("CARGO_PKG_VERSION")
    ));
    // "=_" never occurs in quoted-printable or base64 output, and text
    // containing it is never sent as 7bit: the boundary cannot collide.
    let boundary = format!("=_hudhud_{}", uuid::Uuid::new_v4().simple());
    if !opened.is_empty() {
        head.push_str(&format!(
            "Content-Type: multipart/mixed; boundary=\"{boundary}\"\r\n\r\n--{boundary}\r\n"
        ));
    }
    let mut head = head.into_bytes();
    body_parts(account, draft, &mut head);
    if !opened.is_empty() {
        head.extend_from_slice(b"\r\n");
    }

    let attachments = opened
        .into_iter()
        .map(|(path, file, size, content_type)| {
            let mut header = format!("--{boundary}\r\nContent-Type: {content_type}\r\n");
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "attachment".to_owned());
            wire::attachment_disposition(&mut header, &name);
            header.push_str("Content-Transfer-Encoding: base64\r\n\r\n");
            Attached {
                path,
                file,
                size,
                header: header.into_bytes(),
            }
        })
        .collect();

    let envelope_to = [&to, &cc, &bcc]
        .into_iter()
        .flatten()
        .map(|m| m.email.to_string())
        .collect();
    Ok(Composed {
        message_id,
        envelope_from: from.email.to_string(),
        envelope_to,
        head,
        attachments,
        boundary,
    })
}

/// The body: one text part, or for formatted Markdown-style text a
/// multipart/alternative of the flowed text and its HTML. Either ends with
/// a line break. Text without formatting (or from an account that sends
/// plain text only) goes exactly as a script's would: the window and
/// `hudhud send` write the same message for the same text.
fn body_parts(account: &Account, draft: &Draft, out: &mut Vec<u8>) {
    if !draft.markdown || account.plain_text || !markdown::has_formatting(&draft.body) {
        text_part(&draft.body, false, out);
        line_end(&draft.body, out);
        return;
    }
    let text = flowed::encode(&draft.body);
    let boundary = format!("=_hudhud_alt_{}", uuid::Uuid::new_v4().simple());
    out.extend_from_slice(
        format!(
            "Content-Type: multipart/alternative; boundary=\"{boundary}\"\r\n\r\n--{boundary}\r\n"
        )
        .as_bytes(),
    );
    text_part(&text, true, out);
    line_end(&text, out);
    out.extend_from_slice(format!("\r\n--{boundary}\r\n").as_bytes());
    out.extend_from_slice(
        b"Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n",
    );
    let html = markdown::to_html(&draft.body);
    wire::quoted_printable(html.as_bytes(), out);
    line_end(&html, out);
    out.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
}

/// The text ends with one line break (the shell's final newline is not
/// doubled), also before a delimiter, whose CRLF is not the text's: it
/// reads back the same in a single part and in a multipart message.
fn line_end(text: &str, out: &mut Vec<u8>) {
    if !text.ends_with('\n') {
        out.extend_from_slice(b"\r\n");
    }
}

/// The text part's header and body; plain ASCII text stays readable as
/// 7bit, anything else is quoted-printable UTF-8.
fn text_part(body: &str, flowed: bool, out: &mut Vec<u8>) {
    out.extend_from_slice(if flowed {
        b"Content-Type: text/plain; charset=utf-8; format=flowed\r\n".as_slice()
    } else {
        b"Content-Type: text/plain; charset=utf-8\r\n".as_slice()
    });
    if wire::fits_7bit(body) {
        out.extend_from_slice(b"Content-Transfer-Encoding: 7bit\r\n\r\n");
        wire::crlf_text(body, out);
    } else {
        out.extend_from_slice(b"Content-Transfer-Encoding: quoted-printable\r\n\r\n");
        wire::quoted_printable(body.as_bytes(), out);
    }
}

/// Opens each attachment without blocking (a FIFO would hang a plain
/// open), keeps only regular files and checks the sizes before reading:
/// encoded sizes against the server's limit, file sizes against ours.
fn open_attachments(
    paths: &[PathBuf],
    server_limit: Option<u64>,
) -> Result<Vec<(PathBuf, File, u64, String)>, ComposeError> {
    let mut opened = Vec::new();
    let mut total = 0u64;
    for path in paths {
        let unreadable = |reason: String| ComposeError::AttachmentUnreadable {
            path: path.clone(),
            reason,
        };
        let file = open_nonblocking(path).map_err(|e| match e.kind() {
            io::ErrorKind::NotFound => ComposeError::AttachmentMissing(path.clone()),
            _ => unreadable(e.to_string()),
        })?;
        let meta = file.metadata().map_err(|e| unreadable(e.to_string()))?;
        if meta.is_dir() {
            return Err(unreadable(fl!("attachment-is-folder")));
        }
        if !meta.is_file() {
            return Err(unreadable(fl!("attachment-not-regular")));
        }
        let size = meta.len();
        total = total.saturating_add(match server_limit {
            Some(_) => wire::base64_size(size),
            None => size,
        });
        let limit = server_limit.unwrap_or(DEFAULT_ATTACHMENT_LIMIT);
        if total > limit {
            return Err(ComposeError::TooBig {
                path: path.clone(),
                size: total,
                limit,
                server: server_limit.is_some(),
            });
        }
        opened.push((path.clone(), file, size));
    }
    opened
        .into_iter()
        .map(|(path, mut file, size)| {
            let mime = mime_guess::from_path(&path).first_or_octet_stream();
            let mut content_type = mime.essence_str().to_owned();
            if mime.type_() == mime_guess::mime::TEXT {
                let utf8 = wire::is_utf8(&mut file, size).map_err(|e| {
                    ComposeError::AttachmentUnreadable {
                        path: path.clone(),
                        reason: e.to_string(),
                    }
                })?;
                // Text in an unknown charset would be shown (and read back by
                // parsers) as mojibake: as octets it reaches the other side intact.
                if utf8 {
                    content_type.push_str("; charset=utf-8");
                } else {
                    content_type = "application/octet-stream".to_owned();
                }
            }
            Ok((path, file, size, content_type))
        })
        .collect()
}

fn open_nonblocking(path: &Path) -> io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
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
) -> Result<Draft, ReopenError> {
    use mail_parser::{MessageParser, MimeHeaders};
    let message = MessageParser::default()
        .parse(raw)
        .ok_or(ReopenError::Unreadable)?;
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
    // Flowed text is Markdown-style text written here (or in a client
    // that flows its text): joined again, it is what was typed.
    let text_part = message
        .text_body
        .first()
        .and_then(|&id| message.part(id))
        .and_then(|part| part.content_type());
    let markdown = text_part.is_some_and(|t| {
        t.ctype().eq_ignore_ascii_case("text")
            && t.attribute("format")
                .is_some_and(|f| f.eq_ignore_ascii_case("flowed"))
    });
    if markdown {
        body = flowed::decode(&body);
    }
    let mut attachments = Vec::new();
    for (n, part) in message.attachments().enumerate() {
        if attachments.is_empty() {
            crate::paths::create_private_dir(attachments_dir)
                .map_err(ReopenError::attachment(attachments_dir))?;
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
            .map_err(ReopenError::attachment(&path))?;
        attachments.push(path);
    }
    // The identity it was sent as; the account's own address reads back
    // as None in the service.
    let from = message
        .from()
        .and_then(|a| a.first())
        .and_then(|a| a.address.as_deref())
        .map(|a| a.trim().to_owned());
    Ok(Draft {
        from,
        to,
        cc,
        bcc,
        subject: message.subject().unwrap_or_default().to_owned(),
        body,
        attachments,
        send_at: None,
        markdown,
    })
}

/// Why a queued message could not be turned back into a draft.
#[derive(Debug, Clone)]
pub enum ReopenError {
    /// Its source is not a valid e-mail message.
    Unreadable,
    /// One of its attachments could not be saved for the draft.
    Attachment {
        path: PathBuf,
        reason: std::sync::Arc<std::io::Error>,
    },
}

impl ReopenError {
    fn attachment(path: &Path) -> impl FnOnce(std::io::Error) -> ReopenError + '_ {
        move |e| ReopenError::Attachment {
            path: path.to_owned(),
            reason: std::sync::Arc::new(e),
        }
    }
}

impl fmt::Display for ReopenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReopenError::Unreadable => f.write_str(&fl!("eml-unreadable")),
            ReopenError::Attachment { path, reason } => write!(f, "{}: {reason}", path.display()),
        }
    }
}

impl std::error::Error for ReopenError {}

/// "Name <a@b>" → "a@b"; a bare address stays as it is.
fn bare_address(mailbox: &str) -> &str {
    match (mailbox.rfind('<'), mailbox.rfind('>')) {
        (Some(open), Some(close)) if open < close => &mailbox[open + 1..close],
        _ => mailbox.trim(),
    }
}

/// A size for people, in decimal units as disks and mail servers count
/// them: "840 B", "12 kB", "31.2 MB", "1.5 GB".
pub fn human_size(bytes: u64) -> String {
    const K: f64 = 1000.0;
    let b = bytes as f64;
    if b < K {
        fl!("size-bytes", n = bytes.to_string())
    } else if b < K * K {
        fl!("size-kb", n = format!("{:.0}", b / K))
    } else if b < K * K * K {
        fl!("size-mb", n = format!("{:.1}", b / K / K))
    } else {
        fl!("size-gb", n = format!("{:.1}", b / K / K / K))
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
            signature_placement: Default::default(),
            identities: Vec::new(),
            allow_insecure: false,
            plain_text: false,
            token_command: None,
            oauth: None,
            imap: None,
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
            from: None,
            to: vec!["سلمى <salma@example.net>".into(), "omar@example.org".into()],
            cc: vec!["team@example.org".into()],
            bcc: vec!["boss@example.com".into()],
            subject: "موعد الاجتماع Q3".into(),
            body: "مرحبا سلمى،\n\nالتقرير مرفق.\n-- \nليلى".into(),
            attachments: vec![file.clone()],
            send_at: None,
            markdown: false,
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
            from: None,
            to: vec!["to@example.com".into()],
            cc: vec!["Cc Person <cc@example.com>".into()],
            bcc: vec!["hidden@example.com".into()],
            subject: "Hello".into(),
            body: "Hi".into(),
            attachments: vec![],
            send_at: None,
            markdown: false,
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
            from: None,
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
            from: None,
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
    fn sizes_say_the_unit_they_are_counted_in() {
        assert_eq!(human_size(999), "999 B");
        assert_eq!(human_size(12_000), "12 kB");
        // Not "9.5 MB": a server's 10 000 000-byte limit reads as 10 MB.
        assert_eq!(human_size(10_000_000), "10.0 MB");
        assert_eq!(human_size(1_500_000_000), "1.5 GB");
    }

    #[test]
    fn control_characters_are_refused_in_header_text_and_folded_by_single_line() {
        for bad in ["a\r\nBcc: x", "a\nb", "a\0", "a\u{85}b"] {
            assert!(check_header_text("display name", bad).is_err(), "{bad:?}");
        }
        assert!(check_header_text("display name", "ليلى \u{200F}(Ops)").is_ok());
        assert_eq!(
            single_line(" Cron\r\n\tX-Injected:  y \n"),
            "Cron X-Injected: y"
        );
    }

    #[test]
    fn a_recipient_name_with_a_line_break_is_refused_by_field_and_position() {
        let draft = Draft {
            from: None,
            to: vec!["\"Evil\r\nBcc: x@example.net\" <a@example.com>".into()],
            ..Draft::default()
        };
        assert!(matches!(
            build_message(&account(), &draft),
            Err(ComposeError::InvalidAddress {
                field: Field::To,
                position: 1,
                ..
            })
        ));
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
            from: None,
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
            from: None,
            to: vec!["to@example.com".into()],
            attachments: vec!["/nonexistent/file.pdf".into()],
            ..Draft::default()
        };
        assert_eq!(
            build_message(&account(), &draft).unwrap_err(),
            ComposeError::AttachmentMissing("/nonexistent/file.pdf".into())
        );
    }

    fn markdown_draft(body: &str) -> Draft {
        Draft {
            to: vec!["to@example.com".into()],
            subject: "s".into(),
            body: body.into(),
            markdown: true,
            ..Draft::default()
        }
    }

    #[test]
    fn formatted_text_goes_as_flowed_text_and_html_and_reads_back_as_typed() {
        let paragraph = "هذا **التقرير** الفصلي كاملًا، مع الأرقام والملاحظات. ".repeat(5);
        let body = format!(
            "مرحبا سلمى،\n\n{}\n\n- one\n- two\n-- \nليلى",
            paragraph.trim_end()
        );
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.txt");
        std::fs::write(&file, "x").unwrap();
        let mut draft = markdown_draft(&body);
        draft.attachments = vec![file];
        let outgoing = build_message(&account(), &draft).unwrap();
        assert!(is_canonical(&outgoing.raw));
        let raw = String::from_utf8(outgoing.raw.clone()).unwrap();
        assert!(raw.contains("multipart/mixed"), "{raw}");
        assert!(
            raw.contains("Content-Type: multipart/alternative;"),
            "{raw}"
        );
        assert!(
            raw.contains("text/plain; charset=utf-8; format=flowed"),
            "{raw}"
        );

        let message = mail_parser::MessageParser::default()
            .parse(&outgoing.raw)
            .unwrap();
        let html = message.body_html(0).unwrap();
        assert!(html.contains("<strong>التقرير</strong>"), "{html}");
        assert!(html.contains("<p dir=\"rtl\""), "{html}");
        assert!(html.contains("<li>one</li>"), "{html}");
        // The text part is folded into short lines for readers without HTML.
        let text = message.body_text(0).unwrap();
        assert!(text.lines().all(|l| l.chars().count() <= 78), "{text}");
        assert!(text.lines().count() > body.lines().count(), "{text}");
        assert_eq!(message.attachments().count(), 1);

        let back = draft_from_message(&outgoing.raw, &outgoing.envelope_to, dir.path()).unwrap();
        assert_eq!(back.body, body);
        assert!(back.markdown);
    }

    #[test]
    fn unformatted_or_plain_text_only_goes_as_one_part_as_typed() {
        let formatted = markdown_draft("**bold** and *italic*");
        let mut plain_account = account();
        plain_account.plain_text = true;
        for (account, draft) in [
            (
                account(),
                markdown_draft("Hi,\n\nno formatting here <b>at all</b>."),
            ),
            (plain_account, formatted.clone()),
        ] {
            let raw = String::from_utf8(build_message(&account, &draft).unwrap().raw).unwrap();
            assert!(!raw.contains("multipart"), "{raw}");
            assert!(!raw.contains("text/html"), "{raw}");
            assert!(!raw.contains("format=flowed"), "{raw}");
            assert!(
                raw.ends_with(&format!("\r\n\r\n{}\r\n", draft.body.replace('\n', "\r\n"))),
                "{raw}"
            );
        }
        // Without --markdown the text goes exactly as it was given.
        let mut script = formatted;
        script.markdown = false;
        let raw = String::from_utf8(build_message(&account(), &script).unwrap().raw).unwrap();
        assert!(
            !raw.contains("format=flowed") && !raw.contains("text/html"),
            "{raw}"
        );
        // The same text from the window (Markdown-style) and from a script
        // is the same message.
        let plain = "Hello Omar, the numbers are in. مرحبا\n\n-- \nLayla";
        let as_written = |markdown| {
            let draft = Draft {
                markdown,
                ..markdown_draft(plain)
            };
            let raw = String::from_utf8(build_message(&account(), &draft).unwrap().raw).unwrap();
            raw.split_once("MIME-Version").unwrap().1.to_owned()
        };
        assert_eq!(as_written(true), as_written(false));
    }

    #[test]
    fn display_name_with_specials_is_quoted() {
        let mut acc = account();
        acc.display_name = Some("Smith, John (Ops)".into());
        let draft = Draft {
            from: None,
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
