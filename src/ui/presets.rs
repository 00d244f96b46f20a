//! Server settings of well-known providers, chosen by the address's domain.

use crate::config::Security;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preset {
    pub provider: &'static str,
    pub host: &'static str,
    pub port: u16,
    pub security: Security,
    /// The provider takes only an app password for SMTP: where it is made.
    pub app_password: Option<&'static str>,
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
        app_password: None,
    }
}

/// A provider that refuses the account password for SMTP: it says so up
/// front, with the page where an app password is made.
const fn app_password(preset: Preset, page: &'static str) -> Preset {
    Preset {
        app_password: Some(page),
        ..preset
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
const YAHOO: Preset = app_password(
    preset("Yahoo", "smtp.mail.yahoo.com", 465, Security::Tls),
    "https://help.yahoo.com/kb/SLN15241.html",
);
const AOL: Preset = app_password(
    preset("AOL", "smtp.aol.com", 465, Security::Tls),
    "https://help.aol.com/articles/Create-and-manage-app-password",
);
const ICLOUD: Preset = app_password(
    preset("iCloud", "smtp.mail.me.com", 587, Security::Starttls),
    "https://support.apple.com/en-us/102654",
);
const FASTMAIL: Preset = app_password(
    preset("Fastmail", "smtp.fastmail.com", 465, Security::Tls),
    "https://www.fastmail.help/hc/en-us/articles/360058752854-App-passwords",
);
const ZOHO: Preset = app_password(
    preset("Zoho", "smtp.zoho.com", 465, Security::Tls),
    "https://accounts.zoho.com/home#security/app_password",
);
const GMX: Preset = app_password(
    preset("GMX", "mail.gmx.com", 587, Security::Starttls),
    "https://support.gmx.com/security/2fa/application-specific-passwords.html",
);
const GMX_DE: Preset = app_password(
    preset("GMX", "mail.gmx.net", 587, Security::Starttls),
    "https://support.gmx.com/security/2fa/application-specific-passwords.html",
);
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
        "aol.com" | "aim.com" => AOL,
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
        assert!(for_address("e@aol.com").unwrap().app_password.is_some());
        assert!(for_address("f@icloud.com").unwrap().app_password.is_some());
        assert_eq!(for_address("g@gmail.com").unwrap().app_password, None);
        assert!(for_address("").is_none());
    }
}
