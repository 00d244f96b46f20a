//! `hudhud sendmail`: the /usr/sbin/sendmail interface that cron, git
//! send-email and monitoring tools expect. Reads a whole message on stdin,
//! queues it durably in the outbox, and exits 0 once it is queued.

use std::io::Read;
use std::str::FromStr;

use clap::{ArgAction, Args};

use super::{Failure, Outcome, exit};
use crate::compose::{Outgoing, new_message_id};
use crate::config::{Account, Config};
use crate::fl;
use crate::outbox::Spool;
use crate::paths::Paths;

/// The options of sendmail(8) that programs pass; harmless ones are
/// accepted and ignored, as msmtp does.
#[derive(Debug, Args)]
#[command(disable_help_flag = true)]
pub struct SendmailArgs {
    /// Take recipients from the To, Cc and Bcc headers.
    #[arg(short = 't', help = fl!("cli-sendmail-t"))]
    pub read_recipients: bool,
    /// A line with a single dot does not end the message.
    #[arg(short = 'i', help = fl!("cli-sendmail-i"))]
    pub ignore_dots: bool,
    #[arg(short = 'f', short_alias = 'r', value_name = "FROM", help = fl!("cli-sendmail-f"))]
    pub from: Option<String>,
    #[arg(short = 'F', value_name = "NAME", help = fl!("cli-sendmail-name"))]
    pub full_name: Option<String>,
    #[arg(long, value_name = "NAME", help = fl!("cli-sendmail-account"))]
    pub account: Option<String>,
    /// -oi, -odq, -odb, -oem, ...
    #[arg(short = 'o', value_name = "OPTION", help = fl!("cli-sendmail-o"))]
    pub options: Vec<String>,
    /// -bm (the default) or -bp (list the queue).
    #[arg(short = 'b', value_name = "MODE", help = fl!("cli-sendmail-b"))]
    pub mode: Option<String>,
    #[arg(short = 'v', help = fl!("cli-sendmail-v"))]
    pub verbose: bool,
    #[arg(short = 'B', hide = true)]
    pub body_type: Option<String>,
    #[arg(short = 'N', hide = true)]
    pub dsn_notify: Option<String>,
    #[arg(short = 'R', hide = true)]
    pub dsn_return: Option<String>,
    #[arg(short = 'V', hide = true)]
    pub envelope_id: Option<String>,
    #[arg(short = 'X', hide = true)]
    pub log_file: Option<String>,
    #[arg(short = 'L', hide = true)]
    pub tag: Option<String>,
    #[arg(short = 'h', hide = true)]
    pub hops: Option<String>,
    #[arg(short = 'C', hide = true)]
    pub config_file: Option<String>,
    #[arg(short = 'U', hide = true)]
    pub initial_submission: bool,
    #[arg(short = 'm', hide = true)]
    pub me_too: bool,
    #[arg(short = 'n', hide = true)]
    pub no_aliases: bool,
    #[arg(long, action = ArgAction::Help, help = fl!("cli-help"))]
    pub help: Option<bool>,
    #[arg(value_name = "RECIPIENT", help = fl!("cli-sendmail-recipients"))]
    pub recipients: Vec<String>,
}

/// A message read from stdin, split into header fields and body.
#[derive(Debug, PartialEq)]
struct Parsed {
    /// (name, full raw field text including continuation lines, without the final CRLF)
    fields: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Parsed {
    fn values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = String> + 'a {
        self.fields
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, raw)| unfold(raw.split_once(':').map_or("", |(_, v)| v)))
    }

    fn has(&self, name: &str) -> bool {
        self.values(name).next().is_some()
    }
}

fn unfold(value: &str) -> String {
    value
        .replace("\r\n", "\n")
        .split('\n')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Without -i, a line holding a single dot ends the message (classic sendmail).
fn cut_at_dot_line(input: &[u8]) -> &[u8] {
    let mut start = 0;
    for (i, &b) in input.iter().enumerate() {
        if b == b'\n' {
            let line = &input[start..i];
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            if line == b"." {
                return &input[..start];
            }
            start = i + 1;
        }
    }
    if &input[start..] == b"." {
        return &input[..start];
    }
    input
}

/// Splits the input into header fields and a CRLF body. The header ends
/// at the first empty line, or (as in Postfix) at the first line that is
/// not a header field, which then starts the body. A CR inside a header
/// line becomes a space, so no value can hide a line break; in the body
/// every LF, CRLF and lone CR is a line break.
fn parse(input: &[u8]) -> Parsed {
    // An mbox "From " separator line (as some mail programs write) is no field.
    let input = match input.strip_prefix(b"From ") {
        Some(rest) => rest
            .iter()
            .position(|&b| b == b'\n')
            .map_or(&[][..], |end| &rest[end + 1..]),
        None => input,
    };
    let mut lines = input.split(|&b| b == b'\n');
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut body_start: Option<&[u8]> = None;
    for line in lines.by_ref() {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            break;
        }
        let text: String = String::from_utf8_lossy(line)
            .chars()
            .map(|c| if c.is_control() && c != '\t' { ' ' } else { c })
            .collect();
        if line.starts_with(b" ") || line.starts_with(b"\t") {
            if let Some((_, raw)) = fields.last_mut() {
                raw.push_str("\r\n");
                raw.push_str(&text);
                continue;
            }
        } else if let Some(name) = field_name(line) {
            fields.push((name, text));
            continue;
        }
        body_start = Some(line);
        break;
    }
    let mut body = Vec::new();
    for line in body_start.into_iter().chain(lines) {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        for (i, piece) in line.split(|&b| b == b'\r').enumerate() {
            if i > 0 {
                body.extend_from_slice(b"\r\n");
            }
            body.extend_from_slice(piece);
        }
        body.extend_from_slice(b"\r\n");
    }
    // The split leaves one empty line after a final line break.
    if input.ends_with(b"\n") || input.is_empty() {
        body.truncate(body.len().saturating_sub(2));
    }
    Parsed { fields, body }
}

/// The name of a header field line (RFC 5322 §2.2: printable ASCII but
/// the colon, then a colon), or None when the line is not a field.
fn field_name(line: &[u8]) -> Option<String> {
    let colon = line.iter().position(|&b| b == b':')?;
    let name = &line[..colon];
    let name = name.strip_suffix(b" ").unwrap_or(name); // "Subject :" (obsolete syntax)
    (!name.is_empty() && name.iter().all(|&b| (33..=126).contains(&b)))
        .then(|| String::from_utf8_lossy(name).into_owned())
}

/// Folds lines of a field that are over 998 octets at white space.
fn fold_long_lines(raw: &str) -> Option<String> {
    let mut out = String::with_capacity(raw.len() + 16);
    for (i, line) in raw.split("\r\n").enumerate() {
        if i > 0 {
            out.push_str("\r\n");
        }
        let mut rest = line;
        while rest.len() > crate::compose::MAX_LINE {
            // The last white space that leaves a line short enough, not the
            // first character (that would leave an empty line).
            let cut = rest.as_bytes()[1..=crate::compose::MAX_LINE]
                .iter()
                .rposition(|&b| b == b' ' || b == b'\t')?
                + 1;
            out.push_str(&rest[..cut]);
            out.push_str("\r\n");
            rest = &rest[cut..];
        }
        out.push_str(rest);
    }
    Some(out)
}

/// The addresses of an address-list header value: `a@b, "Doe, J" <c@d>`.
fn addresses(value: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let (mut current, mut quoted, mut angle) = (String::new(), false, false);
    for c in value.chars() {
        match c {
            '"' => quoted = !quoted,
            '<' if !quoted => angle = true,
            '>' if !quoted => angle = false,
            ',' if !quoted && !angle => {
                parts.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    parts.push(current);
    parts
        .into_iter()
        .filter_map(|part| {
            let part = part.trim();
            // group syntax "undisclosed-recipients:;" names nobody
            let part = part
                .rsplit_once(':')
                .map_or(part, |(_, rest)| rest)
                .trim_end_matches(';')
                .trim();
            let address = match (part.rfind('<'), part.rfind('>')) {
                (Some(a), Some(b)) if a < b => &part[a + 1..b],
                _ => part.split_whitespace().next().unwrap_or(""),
            };
            let address = address.trim();
            (!address.is_empty()).then(|| address.to_owned())
        })
        .collect()
}

fn choose_account<'a>(
    config: &'a Config,
    args: &SendmailArgs,
    parsed: &Parsed,
) -> Result<&'a Account, Failure> {
    if let Some(name) = &args.account {
        return Ok(config.account(name)?);
    }
    let from_header = parsed.values("From").next().map(|v| addresses(&v));
    let candidates = args
        .from
        .iter()
        .cloned()
        .chain(from_header.into_iter().flatten());
    for address in candidates {
        if let Some(account) = config.account_for_address(&address) {
            return Ok(account);
        }
    }
    Ok(config.default_account()?)
}

/// Builds the message that goes into the outbox: Bcc removed, and From,
/// Date and Message-ID added where the program left them out. Names from
/// -F or a "root (Cron Daemon)" From are made one line and encoded, so they
/// cannot add a header; lines too long for a server are folded (header)
/// or quoted-printable (body).
fn prepare(
    parsed: &Parsed,
    account: &Account,
    args: &SendmailArgs,
) -> Result<(Vec<u8>, String), Failure> {
    let mut head = String::new();
    let mut message_id = None;
    for (name, raw) in &parsed.fields {
        if name.eq_ignore_ascii_case("Bcc") || name.eq_ignore_ascii_case("Resent-Bcc") {
            continue;
        }
        if name.eq_ignore_ascii_case("From") && !raw.contains('@') {
            continue; // "root (Cron Daemon)": replaced by the account's address below
        }
        if name.eq_ignore_ascii_case("Message-ID") {
            message_id = Some(unfold(raw.split_once(':').map_or("", |(_, v)| v)));
        }
        let folded = fold_long_lines(raw).ok_or_else(|| {
            Failure::new(
                exit::USAGE,
                fl!("error-sendmail-header-too-long", name = name.clone()),
            )
        })?;
        head.push_str(&folded);
        head.push_str("\r\n");
    }
    let has_from = parsed.values("From").any(|v| v.contains('@'));
    if !has_from {
        let original_comment = parsed.values("From").next().and_then(|v| {
            v.split_once('(')
                .map(|(_, c)| c.trim_end_matches(')').to_owned())
        });
        let name = match args.full_name.as_deref().or(original_comment.as_deref()) {
            Some(given) => Some(crate::compose::single_line(given)),
            None => {
                let configured = account.display_name.as_deref().map(str::trim);
                if let Some(name) = configured {
                    crate::compose::check_header_text(&fl!("field-display-name"), name)?;
                }
                configured.map(str::to_owned)
            }
        };
        let address = lettre::Address::from_str(account.email.trim()).map_err(|e| {
            Failure::new(
                exit::CONFIG,
                fl!(
                    "error-invalid-email",
                    address = account.email.clone(),
                    reason = crate::compose::AddressProblem::from(e).describe()
                ),
            )
        })?;
        let from = lettre::message::Mailbox::new(name.filter(|n| !n.is_empty()), address);
        head.insert_str(0, &crate::compose::address_field("From", &[from]));
    }
    if !parsed.has("Date") {
        head.push_str(&format!("Date: {}\r\n", chrono::Local::now().to_rfc2822()));
    }
    let message_id = match message_id {
        Some(id) if !id.is_empty() => id,
        _ => {
            let id = new_message_id(&account.email);
            head.push_str(&format!("Message-ID: {id}\r\n"));
            id
        }
    };
    let mut raw = head.into_bytes();
    raw.extend_from_slice(b"\r\n");
    raw.extend_from_slice(&parsed.body);
    let repaired = match crate::compose::canonical(&raw) {
        std::borrow::Cow::Owned(repaired) => Some(repaired),
        std::borrow::Cow::Borrowed(_) => None,
    };
    let raw = repaired.unwrap_or(raw);
    Ok((raw, message_id))
}

/// The -f address: empty or `<>` is the null sender (bounces).
fn envelope_sender(given: &str) -> Result<String, Failure> {
    let address = given
        .trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim();
    if address.is_empty() {
        return Ok(String::new());
    }
    lettre::Address::from_str(address)
        .map(|a| a.to_string())
        .map_err(|e| {
            Failure::new(
                exit::USAGE,
                fl!(
                    "error-sendmail-f",
                    address = given.to_owned(),
                    reason = crate::compose::AddressProblem::from(e).describe()
                ),
            )
        })
}

pub fn run(paths: &Paths, args: SendmailArgs) -> Outcome {
    match args.mode.as_deref() {
        None | Some("m") => {}
        Some("p") => {
            return super::outbox::run(paths, super::OutboxCommand::List { json: false });
        }
        Some(other) => {
            return Err(Failure::new(
                exit::USAGE,
                fl!("error-sendmail-mode", mode = other.to_owned()),
            ));
        }
    }
    let ignore_dots = args.ignore_dots || args.options.iter().any(|o| o == "i");
    let mut input = Vec::new();
    std::io::stdin()
        .read_to_end(&mut input)
        .map_err(|e| Failure::new(exit::USAGE, fl!("error-body-stdin", reason = e.to_string())))?;
    let input = if ignore_dots {
        &input[..]
    } else {
        cut_at_dot_line(&input)
    };
    let parsed = parse(input);
    let config = Config::load(paths)?;
    let account = choose_account(&config, &args, &parsed)?.clone();

    let mut recipients: Vec<String> = args.recipients.iter().flat_map(|r| addresses(r)).collect();
    if args.read_recipients {
        for header in ["To", "Cc", "Bcc"] {
            for value in parsed.values(header) {
                recipients.extend(addresses(&value));
            }
        }
    }
    recipients.dedup();
    if recipients.is_empty() {
        return Err(Failure::new(exit::USAGE, fl!("error-no-recipients")));
    }
    for address in &recipients {
        if let Err(e) = lettre::Address::from_str(address) {
            let problem = crate::compose::AddressProblem::from(e);
            return Err(Failure::new(
                exit::USAGE,
                fl!(
                    "error-invalid-email",
                    address = address.clone(),
                    reason = problem.describe()
                ),
            ));
        }
    }
    let envelope_from = match &args.from {
        Some(given) => envelope_sender(given)?,
        None => account.email.clone(),
    };
    // -f naming one of the account's aliases: a From added is that identity's.
    let sender = account
        .sending_as(Some(&envelope_from))
        .unwrap_or_else(|_| account.clone());
    let (raw, message_id) = prepare(&parsed, &sender, &args)?;
    let subject = parsed.values("Subject").next().unwrap_or_default();
    let outgoing = Outgoing {
        message_id,
        envelope_from,
        envelope_to: recipients,
        raw,
    };
    let spool = Spool::open(&paths.data_dir)?;
    let entry = spool.enqueue(&account.name, &outgoing, &subject, None, None)?;
    if args.verbose {
        eprintln!("{}", fl!("outbox-queued", id = entry.id.clone()));
    }
    // Delivery modes: -odq only queues; -odi delivers before returning; the
    // default (-odb) hands delivery to a background process so the calling
    // program is not held up by the network.
    let mode = args
        .options
        .iter()
        .find_map(|o| o.strip_prefix('d'))
        .unwrap_or("b");
    match mode {
        "q" | "d" => {}
        "i" => {
            let _ = super::outbox::deliver_now(paths, &account.name);
        }
        _ => spawn_background_flush(),
    }
    Ok(())
}

fn spawn_background_flush() {
    let Ok(exe) = std::env::current_exe() else {
        return;
    };
    let _ = std::process::Command::new(exe)
        .args(["outbox", "flush"])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn address_lists_with_names_groups_and_commas() {
        assert_eq!(
            addresses(r#""Doe, Jane" <jane@example.com>, bob@example.com, Ann <ann@x.org>"#),
            vec!["jane@example.com", "bob@example.com", "ann@x.org"]
        );
        assert!(addresses("undisclosed-recipients:;").is_empty());
    }

    #[test]
    fn parses_fields_with_continuations_and_lf_endings() {
        let parsed = parse(b"To: a@x.org,\n  b@x.org\nSubject: alert\n\nbody\n");
        assert_eq!(parsed.values("to").next().unwrap(), "a@x.org, b@x.org");
        assert_eq!(parsed.values("Subject").next().unwrap(), "alert");
        assert_eq!(parsed.body, b"body\r\n");
    }

    #[test]
    fn an_mbox_from_line_is_dropped_and_a_non_field_line_starts_the_body() {
        let parsed = parse(b"From root Mon Jan  1 00:00:00 2026\nSubject: s\nplain text\n");
        assert_eq!(parsed.values("Subject").next().unwrap(), "s");
        assert_eq!(parsed.fields.len(), 1);
        assert_eq!(parsed.body, b"plain text\r\n");
    }

    #[test]
    fn long_header_lines_fold_at_white_space_or_are_refused() {
        let long = format!("X-List: {}", "abc ".repeat(600));
        let folded = fold_long_lines(&long).unwrap();
        assert!(folded.split("\r\n").all(|l| l.len() <= 998), "{folded}");
        assert_eq!(folded.replace("\r\n", ""), long);
        assert!(fold_long_lines(&format!("X-Token: {}", "a".repeat(1200))).is_none());
    }

    #[test]
    fn dot_line_ends_input_unless_i() {
        assert_eq!(cut_at_dot_line(b"a\n.\nb\n"), b"a\n");
        assert_eq!(cut_at_dot_line(b"a\n..\nb\n"), b"a\n..\nb\n");
    }
}
