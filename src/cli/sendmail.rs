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

/// Lines end in CRLF from here on; bare LF (as scripts write) is converted.
fn to_crlf(input: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len() + input.len() / 40);
    let mut previous = 0u8;
    for &b in input {
        if b == b'\n' && previous != b'\r' {
            out.push(b'\r');
        }
        out.push(b);
        previous = b;
    }
    out
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

fn parse(input: &[u8]) -> Parsed {
    let input = to_crlf(input);
    let (head, body) = match find(&input, b"\r\n\r\n") {
        Some(i) => (&input[..i + 2], input[i + 4..].to_vec()),
        None if input.starts_with(b"\r\n") => (&input[..0], input[2..].to_vec()),
        None => (&input[..], Vec::new()),
    };
    let text = String::from_utf8_lossy(head);
    let mut fields: Vec<(String, String)> = Vec::new();
    for line in text.split("\r\n").filter(|l| !l.is_empty()) {
        if line.starts_with([' ', '\t']) {
            if let Some((_, raw)) = fields.last_mut() {
                raw.push_str("\r\n");
                raw.push_str(line);
            }
            continue;
        }
        let name = line
            .split_once(':')
            .map_or(line, |(n, _)| n)
            .trim()
            .to_owned();
        fields.push((name, line.to_owned()));
    }
    Parsed { fields, body }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
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

fn quote_display_name(name: &str) -> String {
    if name.is_ascii() {
        format!("\"{}\"", name.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        // Non-ASCII names go out as an RFC 2047 encoded word.
        let mailbox = lettre::message::Mailbox::new(
            Some(name.to_owned()),
            lettre::Address::new("x", "x.invalid").expect("valid"),
        );
        let mut headers = lettre::message::header::Headers::new();
        headers.set(lettre::message::header::From::from(
            lettre::message::Mailboxes::from(mailbox),
        ));
        let text = headers.to_string();
        text.trim()
            .trim_start_matches("From:")
            .trim_end_matches("<x@x.invalid>")
            .trim()
            .to_owned()
    }
}

/// Builds the message that goes into the outbox: Bcc removed, and From,
/// Date and Message-ID added where the program left them out.
fn prepare(parsed: &Parsed, account: &Account, args: &SendmailArgs) -> (Vec<u8>, String) {
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
        head.push_str(raw);
        head.push_str("\r\n");
    }
    let has_from = parsed.values("From").any(|v| v.contains('@'));
    if !has_from {
        let original_comment = parsed.values("From").next().and_then(|v| {
            v.split_once('(')
                .map(|(_, c)| c.trim_end_matches(')').to_owned())
        });
        let name = args
            .full_name
            .clone()
            .or(original_comment)
            .or(account.display_name.clone());
        let from = match name {
            Some(name) if !name.trim().is_empty() => {
                format!(
                    "From: {} <{}>\r\n",
                    quote_display_name(name.trim()),
                    account.email
                )
            }
            _ => format!("From: {}\r\n", account.email),
        };
        head.insert_str(0, &from);
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
    (raw, message_id)
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
    let (raw, message_id) = prepare(&parsed, &account, &args);
    let subject = parsed.values("Subject").next().unwrap_or_default();
    let outgoing = Outgoing {
        message_id,
        envelope_from: args.from.clone().unwrap_or_else(|| account.email.clone()),
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
    fn dot_line_ends_input_unless_i() {
        assert_eq!(cut_at_dot_line(b"a\n.\nb\n"), b"a\n");
        assert_eq!(cut_at_dot_line(b"a\n..\nb\n"), b"a\n..\nb\n");
    }
}
