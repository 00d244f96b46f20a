//! Thunderbird's `config-v1.1.xml` (clientConfig/emailProvider): the SMTP
//! server we can use, and the IMAP server for later.

use crate::config::Security;

use super::{Auth, Endpoint};

/// What one file offers: the first usable SMTP server, the first IMAP one.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub smtp: Endpoint,
    pub imap: Option<Endpoint>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum XmlError {
    /// Not well-formed XML, or not a clientConfig: the parser's words.
    Malformed(String),
    /// Well-formed, but no SMTP server with TLS or STARTTLS and a sign-in
    /// method we know.
    NoUsableServer,
}

/// Parses the file; `address` fills `%EMAILADDRESS%` and its siblings.
/// DTDs are refused by the parser, so no entity can expand the document.
pub fn parse(bytes: &[u8], address: &str) -> Result<Parsed, XmlError> {
    let text = std::str::from_utf8(bytes).map_err(|e| XmlError::Malformed(e.to_string()))?;
    let doc = roxmltree::Document::parse(text).map_err(|e| XmlError::Malformed(e.to_string()))?;
    let root = doc.root_element();
    if root.tag_name().name() != "clientConfig" {
        return Err(XmlError::Malformed(format!(
            "<{}> where <clientConfig> was expected",
            root.tag_name().name()
        )));
    }
    let provider = root
        .children()
        .find(|n| n.has_tag_name("emailProvider"))
        .ok_or_else(|| XmlError::Malformed("no <emailProvider>".to_owned()))?;
    let servers = |tag: &str, kind: &str| {
        provider
            .children()
            .filter(|n| n.has_tag_name(tag) && n.attribute("type") == Some(kind))
            .filter_map(|n| endpoint(n, address))
            .collect::<Vec<_>>()
    };
    let smtp = servers("outgoingServer", "smtp")
        .into_iter()
        .next()
        .ok_or(XmlError::NoUsableServer)?;
    let imap = servers("incomingServer", "imap").into_iter().next();
    Ok(Parsed { smtp, imap })
}

fn child_text<'a>(node: roxmltree::Node<'a, 'a>, tag: &str) -> Option<&'a str> {
    node.children()
        .find(|n| n.has_tag_name(tag))
        .and_then(|n| n.text())
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

/// One server element, if it is encrypted and signs in a way we know.
fn endpoint(node: roxmltree::Node<'_, '_>, address: &str) -> Option<Endpoint> {
    let host = fill(child_text(node, "hostname")?, address);
    if host.is_empty()
        || host
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '/')
    {
        return None;
    }
    let port: u16 = child_text(node, "port")?.parse().ok()?;
    let security = match child_text(node, "socketType")? {
        "SSL" => Security::Tls,
        "STARTTLS" => Security::Starttls,
        // Plain connections would send the password in clear.
        _ => return None,
    };
    let mut auths = Vec::new();
    for method in node.children().filter(|n| n.has_tag_name("authentication")) {
        let auth = match method.text().map(str::trim) {
            Some("OAuth2") => Auth::OAuth2,
            Some("password-cleartext" | "plain" | "password-encrypted" | "secure") => {
                Auth::Password
            }
            Some("none" | "client-IP-address") => Auth::None,
            _ => continue,
        };
        if !auths.contains(&auth) {
            auths.push(auth);
        }
    }
    if auths.is_empty() {
        return None;
    }
    let username = child_text(node, "username").map(|u| fill(u, address));
    Some(Endpoint {
        host: host.to_lowercase(),
        port,
        security,
        auths,
        username,
    })
}

/// Thunderbird's placeholders.
fn fill(template: &str, address: &str) -> String {
    let (local, domain) = address.rsplit_once('@').unwrap_or((address, ""));
    template
        .replace("%EMAILADDRESS%", address)
        .replace("%EMAILLOCALPART%", local)
        .replace("%EMAILDOMAIN%", domain)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GMAIL_LIKE: &str = r#"<?xml version="1.0"?>
<clientConfig version="1.1">
  <emailProvider id="example.com">
    <domain>example.com</domain>
    <incomingServer type="pop3"><hostname>pop.example.com</hostname><port>995</port>
      <socketType>SSL</socketType><authentication>password-cleartext</authentication></incomingServer>
    <incomingServer type="imap"><hostname>imap.example.com</hostname><port>993</port>
      <socketType>SSL</socketType><username>%EMAILADDRESS%</username>
      <authentication>OAuth2</authentication><authentication>password-cleartext</authentication></incomingServer>
    <outgoingServer type="smtp"><hostname>plain.example.com</hostname><port>25</port>
      <socketType>plain</socketType><authentication>password-cleartext</authentication></outgoingServer>
    <outgoingServer type="smtp"><hostname>smtp.%EMAILDOMAIN%</hostname><port>587</port>
      <socketType>STARTTLS</socketType><username>%EMAILLOCALPART%</username>
      <authentication>OAuth2</authentication><authentication>password-cleartext</authentication></outgoingServer>
  </emailProvider>
</clientConfig>"#;

    #[test]
    fn first_encrypted_smtp_server_with_placeholders_filled() {
        let parsed = parse(GMAIL_LIKE.as_bytes(), "amal@example.com").unwrap();
        assert_eq!(parsed.smtp.host, "smtp.example.com");
        assert_eq!(parsed.smtp.port, 587);
        assert_eq!(parsed.smtp.security, Security::Starttls);
        assert_eq!(parsed.smtp.auths, vec![Auth::OAuth2, Auth::Password]);
        assert_eq!(parsed.smtp.username.as_deref(), Some("amal"));
        let imap = parsed.imap.unwrap();
        assert_eq!((imap.host.as_str(), imap.port), ("imap.example.com", 993));
        assert_eq!(imap.username.as_deref(), Some("amal@example.com"));
    }

    #[test]
    fn malformed_and_foreign_documents_are_refused() {
        for bad in [
            "<clientConfig><emailProvider>",
            "<html><body>Not found</body></html>",
            "not xml at all",
            "<!DOCTYPE x [<!ENTITY a \"aaaa\">]><clientConfig>&a;</clientConfig>",
        ] {
            assert!(
                matches!(parse(bad.as_bytes(), "a@b.c"), Err(XmlError::Malformed(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn only_plain_servers_is_no_usable_server() {
        let xml = r#"<clientConfig><emailProvider id="x"><outgoingServer type="smtp">
            <hostname>smtp.x</hostname><port>25</port><socketType>plain</socketType>
            <authentication>password-cleartext</authentication></outgoingServer></emailProvider></clientConfig>"#;
        assert_eq!(parse(xml.as_bytes(), "a@x"), Err(XmlError::NoUsableServer));
    }
}
