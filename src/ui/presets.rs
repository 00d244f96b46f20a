//! Server settings of well-known providers, chosen by the address's domain.

use crate::config::Security;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preset {
    pub provider: &'static str,
    pub host: &'static str,
    pub port: u16,
    pub security: Security,
}

const fn preset(
    provider: &'static str,
    host: &'static str,
    port: u16,
    security: Security,
) -> Preset {
    Preset {
        provider,
        host,
        port,
        security,
    }
}

const GMAIL: Preset = preset("Gmail", "smtp.gmail.com", 465, Security::Tls);
const OUTLOOK: Preset = preset(
    "Outlook.com",
    "smtp-mail.outlook.com",
    587,
    Security::Starttls,
);
const M365: Preset = preset(
    "Microsoft 365",
    "smtp.office365.com",
    587,
    Security::Starttls,
);
const YAHOO: Preset = preset("Yahoo", "smtp.mail.yahoo.com", 465, Security::Tls);
const ICLOUD: Preset = preset("iCloud", "smtp.mail.me.com", 587, Security::Starttls);
const FASTMAIL: Preset = preset("Fastmail", "smtp.fastmail.com", 465, Security::Tls);
const ZOHO: Preset = preset("Zoho", "smtp.zoho.com", 465, Security::Tls);
const GMX: Preset = preset("GMX", "mail.gmx.com", 587, Security::Starttls);
const GMX_DE: Preset = preset("GMX", "mail.gmx.net", 587, Security::Starttls);
const YANDEX: Preset = preset("Yandex", "smtp.yandex.com", 465, Security::Tls);
const MAILRU: Preset = preset("Mail.ru", "smtp.mail.ru", 465, Security::Tls);

/// The preset for an address (or a bare domain), if its provider is known.
pub fn for_address(address: &str) -> Option<Preset> {
    let domain = address.rsplit('@').next()?.trim().to_ascii_lowercase();
    let preset = match domain.as_str() {
        "gmail.com" | "googlemail.com" => GMAIL,
        "outlook.com" | "hotmail.com" | "live.com" | "msn.com" => OUTLOOK,
        d if d.starts_with("outlook.") || d.starts_with("hotmail.") || d.starts_with("live.") => {
            OUTLOOK
        }
        d if d.ends_with(".onmicrosoft.com") => M365,
        "yahoo.com" | "ymail.com" | "rocketmail.com" => YAHOO,
        d if d.starts_with("yahoo.") => YAHOO,
        "icloud.com" | "me.com" | "mac.com" => ICLOUD,
        "fastmail.com" | "fastmail.fm" | "fastmail.org" => FASTMAIL,
        "zoho.com" | "zohomail.com" => ZOHO,
        "gmx.com" | "gmx.us" | "gmx.co.uk" => GMX,
        "gmx.de" | "gmx.net" | "gmx.at" | "gmx.ch" => GMX_DE,
        "yandex.com" | "yandex.ru" | "ya.ru" => YANDEX,
        "mail.ru" | "inbox.ru" | "list.ru" | "bk.ru" => MAILRU,
        _ => return None,
    };
    Some(preset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_domains_fill_the_server() {
        assert_eq!(for_address("a@gmail.com").unwrap().host, "smtp.gmail.com");
        assert_eq!(for_address("a@Hotmail.fr").unwrap().port, 587);
        assert_eq!(for_address("b@yandex.ru").unwrap().security, Security::Tls);
        assert_eq!(for_address("c@mail.ru").unwrap().provider, "Mail.ru");
        assert!(for_address("d@example.org").is_none());
        assert!(for_address("").is_none());
    }
}
