//! What the server's EHLO reply offers, and the name we greet with.

use std::net::{IpAddr, SocketAddr};

/// The extensions we use, read from the EHLO reply (RFC 5321 4.1.1.1: the
/// first line is the server's name, each further line a keyword and its
/// parameters).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Capabilities {
    /// SIZE: `Some(0)` offered without a limit, `None` not offered.
    pub size: Option<u64>,
    pub eight_bit_mime: bool,
    pub smtputf8: bool,
    pub starttls: bool,
    pub pipelining: bool,
    /// The AUTH mechanisms, as listed.
    pub auth: Vec<String>,
}

impl Capabilities {
    pub fn parse<S: AsRef<str>>(texts: &[S]) -> Capabilities {
        let mut caps = Capabilities::default();
        for text in texts.iter().skip(1) {
            let mut words = text.as_ref().split_whitespace();
            let Some(keyword) = words.next() else {
                continue;
            };
            match keyword.to_ascii_uppercase().as_str() {
                // A SIZE we cannot read is taken as "no stated limit".
                "SIZE" => caps.size = Some(words.next().and_then(|n| n.parse().ok()).unwrap_or(0)),
                "8BITMIME" => caps.eight_bit_mime = true,
                "SMTPUTF8" => caps.smtputf8 = true,
                "STARTTLS" => caps.starttls = true,
                "PIPELINING" => caps.pipelining = true,
                "AUTH" => caps.auth.extend(words.map(str::to_owned)),
                // Old servers (pre RFC 4954 drafts) wrote "AUTH=LOGIN PLAIN".
                other if other.starts_with("AUTH=") => {
                    caps.auth.extend(keyword.get(5..).map(str::to_owned));
                    caps.auth.extend(words.map(str::to_owned));
                }
                _ => {}
            }
        }
        caps
    }
}

/// The EHLO argument (RFC 5321 4.1.4, 4.1.3): the host's fully qualified
/// name when it has one, else an address literal of our end of the
/// connection. A bare host name ("vm") is not a domain, leaks the machine's
/// name, and spam filters score it.
pub fn ehlo_name(host_name: Option<&str>, local: Option<SocketAddr>) -> String {
    if let Some(name) = host_name.map(|n| n.trim_end_matches('.'))
        && is_fqdn(name)
    {
        return name.to_owned();
    }
    match local.map(|a| a.ip()) {
        Some(IpAddr::V4(ip)) => format!("[{ip}]"),
        Some(IpAddr::V6(ip)) => match ip.to_ipv4_mapped() {
            Some(v4) => format!("[{v4}]"),
            None => format!("[IPv6:{ip}]"),
        },
        // No socket address (should not happen once connected): the
        // loopback literal is still valid syntax and names nobody.
        None => "[127.0.0.1]".to_owned(),
    }
}

/// The host's name as the system knows it.
pub fn system_host_name() -> Option<String> {
    hostname::get().ok()?.into_string().ok()
}

fn is_fqdn(name: &str) -> bool {
    let labels: Vec<&str> = name.split('.').collect();
    labels.len() >= 2
        && name.len() <= 253
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
        // "localhost.localdomain" and friends name no host anyone can reach.
        && !labels
            .last()
            .is_some_and(|tld| tld.eq_ignore_ascii_case("localdomain") || tld.eq_ignore_ascii_case("localhost"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addr(text: &str) -> Option<SocketAddr> {
        Some(text.parse().unwrap())
    }

    #[test]
    fn a_fully_qualified_host_name_is_used() {
        assert_eq!(
            ehlo_name(Some("mail.example.org"), addr("192.0.2.10:4000")),
            "mail.example.org"
        );
        assert_eq!(
            ehlo_name(Some("mail.example.org."), addr("192.0.2.10:4000")),
            "mail.example.org"
        );
    }

    #[test]
    fn a_bare_host_name_becomes_an_address_literal() {
        assert_eq!(
            ehlo_name(Some("vm"), addr("192.0.2.10:4000")),
            "[192.0.2.10]"
        );
        assert_eq!(ehlo_name(None, addr("[::1]:25")), "[IPv6:::1]");
        assert_eq!(
            ehlo_name(Some("vm"), addr("[2001:db8::5]:25")),
            "[IPv6:2001:db8::5]"
        );
        assert_eq!(
            ehlo_name(Some("vm"), addr("[::ffff:192.0.2.7]:25")),
            "[192.0.2.7]"
        );
    }

    #[test]
    fn names_that_are_not_domains_are_not_used() {
        for bad in [
            "localhost.localdomain",
            "my_host.example.org",
            "-a.example.org",
            "a..example.org",
            "host name.example",
            "",
        ] {
            assert_eq!(
                ehlo_name(Some(bad), addr("192.0.2.10:1")),
                "[192.0.2.10]",
                "{bad:?}"
            );
        }
    }

    #[test]
    fn capabilities_come_from_the_ehlo_lines() {
        let caps = Capabilities::parse(&[
            "mail.example.org greets you",
            "PIPELINING",
            "SIZE 10240000",
            "8BITMIME",
            "smtputf8",
            "STARTTLS",
            "AUTH PLAIN LOGIN",
            "AUTH=XOAUTH2",
        ]);
        assert_eq!(caps.size, Some(10_240_000));
        assert!(caps.eight_bit_mime && caps.smtputf8 && caps.starttls && caps.pipelining);
        assert_eq!(caps.auth, vec!["PLAIN", "LOGIN", "XOAUTH2"]);
        // The greeting line is the server's name, not a keyword.
        let caps = Capabilities::parse(&["STARTTLS"]);
        assert!(!caps.starttls);
        assert_eq!(Capabilities::parse(&["x", "SIZE"]).size, Some(0));
    }
}
