//! Accounts and settings, kept in `config.toml` (never a password).

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::fl;
use crate::paths::{self, Paths};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Security {
    /// Implicit TLS from the first byte (port 465).
    #[default]
    Tls,
    /// Plain connection upgraded with STARTTLS, which is required (port 587).
    Starttls,
    /// No encryption: loopback only, or with `allow_insecure`.
    None,
}

impl Security {
    pub fn default_port(self) -> u16 {
        match self {
            Security::Tls => 465,
            Security::Starttls => 587,
            Security::None => 25,
        }
    }
}

impl fmt::Display for Security {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Security::Tls => "tls",
            Security::Starttls => "starttls",
            Security::None => "none",
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum AuthMethod {
    #[default]
    Password,
    None,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Account {
    /// Unique short name, used on the command line and as the keychain user.
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    pub email: String,
    pub host: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    #[serde(default)]
    pub security: Security,
    #[serde(default)]
    pub auth: AuthMethod,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// Extra trusted root certificates (PEM), for servers with a private CA.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_file: Option<PathBuf>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<String>,
    /// Permits `security = "none"` to a host that is not this machine.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub allow_insecure: bool,
}

impl Account {
    pub fn port(&self) -> u16 {
        self.port.unwrap_or(self.security.default_port())
    }

    pub fn username(&self) -> &str {
        self.username.as_deref().unwrap_or(&self.email)
    }

    pub fn needs_password(&self) -> bool {
        self.auth == AuthMethod::Password
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_account: Option<String>,
    /// "system", "en" or "ar".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// "system", "light" or "dark".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub theme: Option<String>,
    /// Overall limit for each network step of an SMTP session.
    pub timeout_secs: u64,
    /// Delay before a sent message leaves, during which it can be undone (0 = off).
    pub undo_delay_secs: u64,
    /// First retry after a temporary failure; doubles each time.
    pub retry_first_secs: u64,
    /// Longest wait between two retries.
    pub retry_cap_secs: u64,
    /// Give up (and mark failed) after retrying this long.
    pub retry_lifetime_days: u64,
    pub notifications: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            default_account: None,
            language: None,
            theme: None,
            timeout_secs: 60,
            undo_delay_secs: 5,
            retry_first_secs: 60,
            retry_cap_secs: 3600,
            retry_lifetime_days: 5,
            notifications: true,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Config {
    #[serde(default)]
    pub settings: Settings,
    #[serde(default, rename = "account")]
    pub accounts: Vec<Account>,
}

#[derive(Debug)]
pub enum ConfigError {
    NoHome,
    Unreadable {
        path: PathBuf,
        reason: String,
    },
    /// The file does not parse; it is left exactly as it is.
    Invalid {
        path: PathBuf,
        line: usize,
        column: usize,
        problem: String,
    },
    DuplicateAccount(String),
    UnknownAccount(String),
    NoAccount,
    Unwritable {
        path: PathBuf,
        reason: String,
    },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            ConfigError::NoHome => fl!("error-config-no-home"),
            ConfigError::Unreadable { path, reason } => fl!(
                "error-config-unreadable",
                path = path.display().to_string(),
                reason = reason.clone()
            ),
            ConfigError::Invalid {
                path,
                line,
                column,
                problem,
            } => fl!(
                "error-config-invalid",
                path = path.display().to_string(),
                line = (*line as u64),
                column = (*column as u64),
                problem = problem.clone()
            ),
            ConfigError::DuplicateAccount(name) => {
                fl!("error-account-exists", name = name.clone())
            }
            ConfigError::UnknownAccount(name) => {
                fl!("error-account-unknown", name = name.clone())
            }
            ConfigError::NoAccount => fl!("error-no-account"),
            ConfigError::Unwritable { path, reason } => fl!(
                "error-config-unwritable",
                path = path.display().to_string(),
                reason = reason.clone()
            ),
        };
        f.write_str(&text)
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// Reads `config.toml`; a missing file is an empty configuration.
    pub fn load(paths: &Paths) -> Result<Config, ConfigError> {
        let path = paths.config_file();
        match std::fs::read_to_string(&path) {
            Ok(text) => Config::parse(&text, &path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(e) => Err(ConfigError::Unreadable {
                path,
                reason: e.to_string(),
            }),
        }
    }

    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let config: Config = toml::from_str(text).map_err(|e| {
            let (line, column) = e
                .span()
                .map(|span| line_and_column(text, span.start))
                .unwrap_or((0, 0));
            ConfigError::Invalid {
                path: path.to_owned(),
                line,
                column,
                problem: e.message().to_owned(),
            }
        })?;
        let mut seen = std::collections::HashSet::new();
        for account in &config.accounts {
            if !seen.insert(account.name.as_str()) {
                return Err(ConfigError::DuplicateAccount(account.name.clone()));
            }
        }
        Ok(config)
    }

    /// Writes `config.toml` atomically (0600). Only ever called on a
    /// configuration that was loaded successfully, so a file the user broke by
    /// hand is never overwritten.
    pub fn save(&self, paths: &Paths) -> Result<(), ConfigError> {
        let path = paths.config_file();
        let text = toml::to_string_pretty(self).map_err(|e| ConfigError::Unwritable {
            path: path.clone(),
            reason: e.to_string(),
        })?;
        paths::write_private_atomic(&path, text.as_bytes()).map_err(|e| ConfigError::Unwritable {
            path,
            reason: e.to_string(),
        })
    }

    pub fn account(&self, name: &str) -> Result<&Account, ConfigError> {
        self.accounts
            .iter()
            .find(|a| a.name == name)
            .ok_or_else(|| ConfigError::UnknownAccount(name.to_owned()))
    }

    /// The account named in settings, else the first one.
    pub fn default_account(&self) -> Result<&Account, ConfigError> {
        match &self.settings.default_account {
            Some(name) => self.account(name),
            None => self.accounts.first().ok_or(ConfigError::NoAccount),
        }
    }

    /// The account whose address is `email` (case-insensitive).
    pub fn account_for_address(&self, email: &str) -> Option<&Account> {
        self.accounts
            .iter()
            .find(|a| a.email.eq_ignore_ascii_case(email.trim()))
    }

    pub fn add_account(&mut self, account: Account) -> Result<(), ConfigError> {
        if self.accounts.iter().any(|a| a.name == account.name) {
            return Err(ConfigError::DuplicateAccount(account.name));
        }
        self.accounts.push(account);
        Ok(())
    }

    pub fn remove_account(&mut self, name: &str) -> Result<Account, ConfigError> {
        let index = self
            .accounts
            .iter()
            .position(|a| a.name == name)
            .ok_or_else(|| ConfigError::UnknownAccount(name.to_owned()))?;
        if self.settings.default_account.as_deref() == Some(name) {
            self.settings.default_account = None;
        }
        Ok(self.accounts.remove(index))
    }
}

/// 1-based line and column of a byte offset.
fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rfind('\n')
        .map_or(before.len(), |i| before.len() - i - 1)
        + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(name: &str) -> Account {
        Account {
            name: name.into(),
            display_name: Some("ليلى".into()),
            email: format!("{name}@example.com"),
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

    #[test]
    fn round_trips_through_toml_with_defaults() {
        let mut config = Config::default();
        config.add_account(account("work")).unwrap();
        config.settings.default_account = Some("work".into());
        let text = toml::to_string_pretty(&config).unwrap();
        assert!(text.contains("[[account]]"), "{text}");
        assert!(
            !text.contains("password ="),
            "no secret in the file: {text}"
        );
        let back = Config::parse(&text, Path::new("config.toml")).unwrap();
        assert_eq!(back, config);
        let work = back.account("work").unwrap();
        assert_eq!(work.port(), 587);
        assert_eq!(work.username(), "work@example.com");
    }

    #[test]
    fn minimal_account_gets_tls_465_and_password_auth() {
        let text = "[[account]]\nname = \"a\"\nemail = \"a@b.c\"\nhost = \"smtp.b.c\"\n";
        let config = Config::parse(text, Path::new("c.toml")).unwrap();
        let a = config.default_account().unwrap();
        assert_eq!(
            (a.security, a.port(), a.auth),
            (Security::Tls, 465, AuthMethod::Password)
        );
    }

    #[test]
    fn parse_error_names_file_line_and_problem() {
        let text =
            "[settings]\ntimeout_secs = 60\n\n[[account]]\nname = \"a\"\nemail = \nhost = \"x\"\n";
        let err = Config::parse(text, Path::new("/home/u/.config/hudhud/config.toml")).unwrap_err();
        match &err {
            ConfigError::Invalid { line, .. } => assert_eq!(*line, 6),
            other => panic!("unexpected {other:?}"),
        }
        let shown = err.to_string();
        assert!(
            shown.contains("/home/u/.config/hudhud/config.toml"),
            "{shown}"
        );
        assert!(shown.contains('6'), "{shown}");
    }

    #[test]
    fn a_misspelt_key_is_an_error_not_silently_ignored() {
        let text =
            "[[account]]\nname = \"a\"\nemail = \"a@b.c\"\nhost = \"x\"\nsecurty = \"none\"\n";
        let err = Config::parse(text, Path::new("c.toml")).unwrap_err();
        assert!(err.to_string().contains("securty"), "{err}");
    }

    #[test]
    fn duplicate_names_are_refused() {
        let mut config = Config::default();
        config.add_account(account("a")).unwrap();
        assert!(matches!(
            config.add_account(account("a")),
            Err(ConfigError::DuplicateAccount(_))
        ));
    }

    #[test]
    fn broken_file_is_not_overwritten_by_load() {
        let tmp = tempfile::tempdir().unwrap();
        let paths = Paths {
            config_dir: tmp.path().into(),
            data_dir: tmp.path().join("data"),
        };
        std::fs::write(paths.config_file(), "this is = = not toml").unwrap();
        assert!(Config::load(&paths).is_err());
        assert_eq!(
            std::fs::read_to_string(paths.config_file()).unwrap(),
            "this is = = not toml"
        );
    }

    #[test]
    fn removing_the_default_account_clears_the_default() {
        let mut config = Config::default();
        config.add_account(account("a")).unwrap();
        config.add_account(account("b")).unwrap();
        config.settings.default_account = Some("a".into());
        config.remove_account("a").unwrap();
        assert_eq!(config.default_account().unwrap().name, "b");
    }
}
