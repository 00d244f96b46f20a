//! Accounts and settings, kept in `config.toml` (never a password).

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, TableLike};

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
    /// Signs in at the provider's page; the refresh token is in the keychain.
    #[serde(rename = "oauth2")]
    OAuth2,
    /// The access token comes from the user's own command (pizauth, oama...).
    #[serde(rename = "oauth2-command")]
    OAuth2Command,
}

/// `Default` is an empty account (no name, address or server): a base for
/// building one field by field.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
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
    /// Where signatures go in a message that quotes another.
    #[serde(default, skip_serializing_if = "SignaturePlacement::is_default")]
    pub signature_placement: SignaturePlacement,
    /// Permits `security = "none"` to a host that is not this machine.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub allow_insecure: bool,
    /// Messages go as plain text only, even when the body has Markdown-style
    /// formatting (for lists and servers that refuse HTML).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub plain_text: bool,
    /// For `auth = "oauth2-command"`: run without a shell; its first line is
    /// the access token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_command: Option<String>,
    /// For `auth = "oauth2"`: the provider and the client. Kept last so that
    /// the table follows the account's plain keys in the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oauth: Option<crate::oauth::OAuthSettings>,
    /// Where a copy of each sent message is saved (IMAP APPEND to Sent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imap: Option<ImapSettings>,
    /// Other addresses this account sends as (aliases), each with its own
    /// name and signature: `[[account.identity]]` tables after the account's.
    #[serde(default, rename = "identity", skip_serializing_if = "Vec::is_empty")]
    pub identities: Vec<Identity>,
}

/// The account's IMAP server, for the copy in the Sent folder. The same TLS
/// rules as SMTP: `starttls` requires STARTTLS, `none` only on loopback.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImapSettings {
    pub host: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    #[serde(default)]
    pub security: Security,
    /// Defaults to the SMTP user name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// Its own password (keychain entry `NAME#imap`) instead of the SMTP one.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub own_password: bool,
    #[serde(default = "yes")]
    pub save_sent: bool,
    /// The folder chosen by the user; found on the server when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent_folder: Option<String>,
}

fn yes() -> bool {
    true
}

impl ImapSettings {
    pub fn new(host: &str) -> ImapSettings {
        ImapSettings {
            host: host.trim().to_owned(),
            port: None,
            security: Security::Tls,
            username: None,
            own_password: false,
            save_sent: true,
            sent_folder: None,
        }
    }

    pub fn port(&self) -> u16 {
        self.port.unwrap_or(match self.security {
            Security::Tls => 993,
            Security::Starttls | Security::None => 143,
        })
    }
}

/// An address an account sends as besides its own (an alias), with the
/// name and signature that go with it. The account's own address, name and
/// signature are its first identity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Identity {
    pub email: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<String>,
}

/// Where the signature goes when the text quotes another message (lines
/// starting with ">" at its end): below everything, or between what was
/// written and the quote, as Thunderbird's "reply above the quote" does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum SignaturePlacement {
    #[default]
    BelowQuote,
    AboveQuote,
}

impl SignaturePlacement {
    fn is_default(&self) -> bool {
        *self == SignaturePlacement::default()
    }
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

    /// Whether a sent message gets a copy in the Sent folder.
    pub fn saves_sent(&self) -> bool {
        self.imap.as_ref().is_some_and(|i| i.save_sent)
    }

    pub fn imap_username(&self) -> &str {
        self.imap
            .as_ref()
            .and_then(|i| i.username.as_deref())
            .unwrap_or(self.username())
    }

    /// Every address the account sends as: its own first (as an
    /// [`Identity`]), then its aliases.
    pub fn all_identities(&self) -> Vec<Identity> {
        let own = Identity {
            email: self.email.clone(),
            display_name: self.display_name.clone(),
            signature: self.signature.clone(),
        };
        std::iter::once(own)
            .chain(self.identities.iter().cloned())
            .collect()
    }

    /// Whether the account sends as `email` (its own address or an alias;
    /// case-insensitive).
    pub fn has_identity(&self, email: &str) -> bool {
        let email = email.trim();
        self.email.eq_ignore_ascii_case(email)
            || self
                .identities
                .iter()
                .any(|i| i.email.eq_ignore_ascii_case(email))
    }

    /// The account as a message from `from` sees it: that identity's
    /// address, name and signature in place of the account's own. The sign-in
    /// stays the account's (its login is still its own address). None or the
    /// account's own address is the account as it is.
    pub fn sending_as(&self, from: Option<&str>) -> Result<Account, ConfigError> {
        let Some(from) = from.map(str::trim).filter(|f| !f.is_empty()) else {
            return Ok(self.clone());
        };
        if self.email.eq_ignore_ascii_case(from) {
            return Ok(self.clone());
        }
        let identity = self
            .identities
            .iter()
            .find(|i| i.email.eq_ignore_ascii_case(from))
            .ok_or_else(|| ConfigError::UnknownIdentity {
                account: self.name.clone(),
                address: from.to_owned(),
            })?;
        Ok(Account {
            username: Some(self.username().to_owned()),
            email: identity.email.clone(),
            display_name: identity.display_name.clone(),
            signature: identity.signature.clone(),
            ..self.clone()
        })
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
    /// How long sent messages are kept (forever unless the user says).
    #[serde(skip_serializing_if = "Retention::is_forever")]
    pub sent_retention: Retention,
    /// Sent messages older than this many days are kept compressed
    /// (`<id>.eml.gz`); 0 = never.
    #[serde(skip_serializing_if = "is_zero")]
    pub sent_compress_after_days: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// How long the sent history is kept. In config.toml: `"forever"`,
/// `{ days = 90 }` or `{ messages = 5000 }`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Retention {
    #[default]
    Forever,
    /// Messages sent more than this many days ago are deleted.
    Days(u32),
    /// Only the newest this many sent messages are kept.
    Messages(u32),
}

impl Retention {
    pub fn is_forever(&self) -> bool {
        *self == Retention::Forever
    }
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
            sent_retention: Retention::Forever,
            sent_compress_after_days: 0,
        }
    }
}

/// Unknown top-level tables are errors like unknown keys: a misspelt
/// `[setings]` would otherwise be ignored, then lost at the next save.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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
    /// A From address that is none of the account's identities.
    UnknownIdentity {
        account: String,
        address: String,
    },
    /// An identity with this address is there already.
    DuplicateIdentity {
        account: String,
        address: String,
    },
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
            ConfigError::UnknownIdentity { account, address } => fl!(
                "error-identity-unknown",
                account = account.clone(),
                address = address.clone()
            ),
            ConfigError::DuplicateIdentity { account, address } => fl!(
                "error-identity-exists",
                account = account.clone(),
                address = address.clone()
            ),
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

    /// Writes `config.toml` atomically (0600). An existing file is edited in
    /// place: only the values that changed are rewritten, so the user's
    /// comments, order and layout stay. A file that no longer parses (broken
    /// or misspelt by hand since it was loaded) is never overwritten. A
    /// `config.toml` that is a symbolic link (dotfile managers) is written
    /// through to its target and stays a link.
    pub fn save(&self, paths: &Paths) -> Result<(), ConfigError> {
        let path = paths.config_file();
        let unwritable = |reason: String| ConfigError::Unwritable {
            path: path.clone(),
            reason,
        };
        let existing = match std::fs::read_to_string(&path) {
            Ok(text) if !text.trim().is_empty() => Some(text),
            Ok(_) => None,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => {
                return Err(ConfigError::Unreadable {
                    path,
                    reason: e.to_string(),
                });
            }
        };
        let text = match existing {
            Some(text) => {
                let on_disk = Config::parse(&text, &path)?;
                self.edit_in_place(&on_disk, &text).map_err(unwritable)?
            }
            None => toml::to_string_pretty(self).map_err(|e| unwritable(e.to_string()))?,
        };
        paths::write_private_through_links(&path, text.as_bytes())
            .map_err(|e| unwritable(e.to_string()))
    }

    /// `text` (which parses as `on_disk`) with the values where `self`
    /// differs from `on_disk` replaced, added or removed.
    fn edit_in_place(&self, on_disk: &Config, text: &str) -> Result<String, String> {
        let mut doc: DocumentMut = text
            .parse()
            .map_err(|e: toml_edit::TomlError| e.to_string())?;
        let fresh: DocumentMut = toml::to_string_pretty(self)
            .map_err(|e| e.to_string())?
            .parse()
            .map_err(|e: toml_edit::TomlError| e.to_string())?;
        let old = toml::Table::try_from(on_disk).map_err(|e| e.to_string())?;
        let new = toml::Table::try_from(self).map_err(|e| e.to_string())?;
        let empty = toml::Table::new();
        let sub = |t: &toml::Table, key: &str| t.get(key).and_then(|v| v.as_table()).cloned();

        let (old_settings, new_settings) = (sub(&old, "settings"), sub(&new, "settings"));
        if old_settings != new_settings {
            let fresh_settings = fresh.get("settings").and_then(Item::as_table_like);
            match (
                doc.get_mut("settings").and_then(Item::as_table_like_mut),
                fresh_settings,
            ) {
                (Some(table), Some(fresh_table)) => edit_table(
                    table,
                    old_settings.as_ref().unwrap_or(&empty),
                    new_settings.as_ref().unwrap_or(&empty),
                    fresh_table,
                ),
                _ => replace_item(&mut doc, &fresh, "settings"),
            }
        }

        let tables = |t: &toml::Table| -> Vec<toml::Table> {
            t.get("account")
                .and_then(|v| v.as_array())
                .map(|a| a.iter().filter_map(|v| v.as_table().cloned()).collect())
                .unwrap_or_default()
        };
        let (old_accounts, new_accounts) = (tables(&old), tables(&new));
        if self.accounts.is_empty() {
            doc.remove("account");
        } else if old_accounts != new_accounts {
            let fresh_accounts = fresh.get("account").and_then(Item::as_array_of_tables);
            match (
                doc.get_mut("account")
                    .and_then(Item::as_array_of_tables_mut),
                fresh_accounts,
            ) {
                // Each account keeps its own table (and comments); matched
                // by name, since an account may have been removed before it.
                (Some(kept), Some(fresh_accounts))
                    if kept.len() == on_disk.accounts.len()
                        && fresh_accounts.len() == self.accounts.len()
                        && old_accounts.len() == on_disk.accounts.len()
                        && new_accounts.len() == self.accounts.len() =>
                {
                    let mut previous: Vec<Option<Table>> = kept.iter().cloned().map(Some).collect();
                    let mut edited = ArrayOfTables::new();
                    for (i, account) in self.accounts.iter().enumerate() {
                        let fresh_table = fresh_accounts.get(i).ok_or("account missing")?;
                        let before = on_disk.accounts.iter().position(|a| a.name == account.name);
                        match before.and_then(|j| Some((j, previous[j].take()?))) {
                            Some((j, mut table)) => {
                                edit_table(
                                    &mut table,
                                    &old_accounts[j],
                                    &new_accounts[i],
                                    fresh_table,
                                );
                                edited.push(table);
                            }
                            None => {
                                let mut table = fresh_table.clone();
                                unplace_table(&mut table);
                                edited.push(table);
                            }
                        }
                    }
                    if edited.is_empty() {
                        doc.remove("account");
                    } else {
                        *kept = edited;
                    }
                }
                _ => replace_item(&mut doc, &fresh, "account"),
            }
        }
        Ok(doc.to_string())
    }

    pub fn account(&self, name: &str) -> Result<&Account, ConfigError> {
        self.accounts
            .iter()
            .find(|a| a.name == name)
            .ok_or_else(|| ConfigError::UnknownAccount(name.to_owned()))
    }

    /// For changing an account in place (then `save`).
    pub fn account_mut(&mut self, name: &str) -> Result<&mut Account, ConfigError> {
        self.accounts
            .iter_mut()
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

    /// The account that sends as `email`, its own address or an alias
    /// (case-insensitive); an account's own address comes first.
    pub fn account_for_address(&self, email: &str) -> Option<&Account> {
        self.accounts
            .iter()
            .find(|a| a.email.eq_ignore_ascii_case(email.trim()))
            .or_else(|| self.accounts.iter().find(|a| a.has_identity(email)))
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

/// Rewrites the keys of `table` whose value changed from `old` to `new`,
/// taking the new item from `fresh` (the serialized configuration). A
/// replaced value keeps its decoration, so a comment after it stays.
fn edit_table(
    table: &mut dyn TableLike,
    old: &toml::Table,
    new: &toml::Table,
    fresh: &dyn TableLike,
) {
    for (key, value) in new {
        if old.get(key) == Some(value) {
            continue;
        }
        let Some(fresh_item) = fresh.get(key) else {
            continue;
        };
        let mut item = fresh_item.clone();
        unplace(&mut item);
        match table.get_mut(key) {
            Some(current) => {
                if let (Some(before), Some(after)) = (current.as_value(), item.as_value_mut()) {
                    *after.decor_mut() = before.decor().clone();
                }
                *current = item;
            }
            None => {
                table.insert(key, item);
            }
        }
    }
    for key in old.keys() {
        if !new.contains_key(key) {
            table.remove(key);
        }
    }
}

/// Takes the places a table (or array of tables, such as an account's
/// identities) had in the serialized configuration: without one, toml_edit
/// writes it right after the table it belongs to.
fn unplace(item: &mut Item) {
    if let Some(table) = item.as_table_mut() {
        unplace_table(table);
    }
    if let Some(tables) = item.as_array_of_tables_mut() {
        tables.iter_mut().for_each(unplace_table);
    }
}

fn unplace_table(table: &mut Table) {
    table.set_position(None);
    for (_, item) in table.iter_mut() {
        unplace(item);
    }
}

/// Replaces (or removes) a whole top-level item with its fresh form, for
/// layouts too unusual to edit key by key (inline tables, dotted keys).
fn replace_item(doc: &mut DocumentMut, fresh: &DocumentMut, key: &str) {
    match fresh.get(key) {
        Some(item) => {
            let mut item = item.clone();
            unplace(&mut item);
            doc.insert(key, item);
        }
        None => {
            doc.remove(key);
        }
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
            signature_placement: Default::default(),
            identities: Vec::new(),
            allow_insecure: false,
            plain_text: false,
            token_command: None,
            oauth: None,
            imap: None,
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
    fn an_oauth_account_is_saved_with_its_provider_table_and_read_back() {
        let tmp = tempfile::tempdir().unwrap();
        let paths = paths_in(tmp.path());
        let mut config = Config::default();
        let mut commented = account("plain");
        commented.auth = AuthMethod::OAuth2Command;
        commented.token_command = Some("pizauth show \"my mail\"".into());
        config.add_account(commented).unwrap();
        config.save(&paths).unwrap();
        let mut oauth = account("gmail");
        oauth.auth = AuthMethod::OAuth2;
        oauth.oauth = Some(crate::oauth::OAuthSettings {
            provider: "oidc".into(),
            issuer: Some("https://sso.example.com/realms/mail".into()),
            client_id: Some("hudhud".into()),
            scopes: None,
        });
        config.add_account(oauth).unwrap();
        // Edited in place: the second account is added to a file that exists.
        config.save(&paths).unwrap();
        let text = std::fs::read_to_string(paths.config_file()).unwrap();
        assert!(text.contains("auth = \"oauth2\""), "{text}");
        assert!(text.contains("auth = \"oauth2-command\""), "{text}");
        assert!(text.contains("[account.oauth]"), "{text}");
        assert_eq!(Config::load(&paths).unwrap(), config);
    }

    #[test]
    fn sent_retention_is_written_and_read_back_in_every_form() {
        let tmp = tempfile::tempdir().unwrap();
        let paths = paths_in(tmp.path());
        let mut config = Config::default();
        config.add_account(account("work")).unwrap();
        config.save(&paths).unwrap();
        let text = || std::fs::read_to_string(paths.config_file()).unwrap();
        assert!(!text().contains("sent_"), "defaults are not written");
        assert_eq!(
            Config::load(&paths).unwrap().settings.sent_retention,
            Retention::Forever
        );
        for keep in [Retention::Days(90), Retention::Messages(5000)] {
            config.settings.sent_retention = keep;
            config.settings.sent_compress_after_days = 30;
            config.save(&paths).unwrap();
            assert_eq!(Config::load(&paths).unwrap(), config, "{}", text());
        }
        config.settings.sent_retention = Retention::Forever;
        config.save(&paths).unwrap();
        assert_eq!(Config::load(&paths).unwrap(), config);
        // By hand, as the documentation shows it.
        let typed = "[settings]\nsent_retention = { days = 30 }\nsent_compress_after_days = 7\n";
        let parsed = Config::parse(typed, Path::new("c.toml")).unwrap();
        assert_eq!(parsed.settings.sent_retention, Retention::Days(30));
        assert_eq!(parsed.settings.sent_compress_after_days, 7);
        let typed = "[settings]\nsent_retention = \"forever\"\n";
        assert!(Config::parse(typed, Path::new("c.toml")).is_ok());
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

    fn paths_in(dir: &Path) -> Paths {
        Paths {
            config_dir: dir.into(),
            data_dir: dir.join("data"),
        }
    }

    #[test]
    fn a_misspelt_table_is_an_error_with_its_line_and_column() {
        for (text, name, line) in [
            ("[setings]\ntheme = \"dark\"\n", "setings", 1),
            (
                "[settings]\ntheme = \"dark\"\n\n[[acount]]\nname = \"a\"\n",
                "acount",
                4,
            ),
        ] {
            let err = Config::parse(text, Path::new("c.toml")).unwrap_err();
            match &err {
                ConfigError::Invalid {
                    line: l,
                    column,
                    problem,
                    ..
                } => {
                    assert_eq!(*l, line, "{err}");
                    assert!(*column >= 1, "{err}");
                    assert!(problem.contains(name), "{err}");
                }
                other => panic!("unexpected {other:?}"),
            }
        }
    }

    const COMMENTED: &str = "# Hudhud settings, kept in git\n\
        \n\
        [settings]\n\
        # how long to wait\n\
        timeout_secs = 30 # seconds\n\
        theme = \"dark\"\n\
        \n\
        # the office\n\
        [[account]]\n\
        name = \"work\"\n\
        email = \"me@work.example\"\n\
        host = \"smtp.work.example\" # via VPN\n\
        security = \"starttls\"\n\
        \n\
        # old mailbox, to go\n\
        [[account]]\n\
        name = \"old\"\n\
        email = \"me@old.example\"\n\
        host = \"smtp.old.example\"\n\
        \n\
        # home\n\
        [[account]]\n\
        name = \"home\"\n\
        email = \"me@home.example\"\n\
        host = \"smtp.home.example\"\n";

    #[test]
    fn saving_keeps_the_users_comments_and_layout() {
        let tmp = tempfile::tempdir().unwrap();
        let paths = paths_in(tmp.path());
        std::fs::write(paths.config_file(), COMMENTED).unwrap();
        let mut config = Config::load(&paths).unwrap();
        config.account_mut("work").unwrap().host = "mail.work.example".into();
        config.account_mut("home").unwrap().port = Some(2525);
        config.remove_account("old").unwrap();
        config.add_account(account("new")).unwrap();
        config.settings.default_account = Some("home".into());
        config.save(&paths).unwrap();

        let saved = std::fs::read_to_string(paths.config_file()).unwrap();
        for kept in [
            "# Hudhud settings, kept in git\n",
            "# how long to wait\ntimeout_secs = 30 # seconds\n",
            "# the office\n[[account]]\nname = \"work\"\n",
            "host = \"mail.work.example\" # via VPN\n",
            "# home\n[[account]]\nname = \"home\"\n",
        ] {
            assert!(saved.contains(kept), "lost {kept:?} in:\n{saved}");
        }
        assert!(!saved.contains("old"), "{saved}");
        // Unchanged defaults are not written out.
        assert!(!saved.contains("retry_cap_secs"), "{saved}");
        assert_eq!(Config::parse(&saved, Path::new("c.toml")).unwrap(), config);
    }

    #[test]
    fn a_file_misspelt_since_it_was_loaded_is_not_overwritten() {
        let tmp = tempfile::tempdir().unwrap();
        let paths = paths_in(tmp.path());
        std::fs::write(paths.config_file(), COMMENTED).unwrap();
        let mut config = Config::load(&paths).unwrap();
        let edited = format!("{COMMENTED}\n[setings]\ntheme = \"light\"\n");
        std::fs::write(paths.config_file(), &edited).unwrap();
        config.settings.theme = Some("light".into());
        let err = config.save(&paths).unwrap_err();
        assert!(
            matches!(&err, ConfigError::Invalid { line: 27, .. }),
            "{err:?}"
        );
        assert_eq!(
            std::fs::read_to_string(paths.config_file()).unwrap(),
            edited
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_linked_config_file_is_written_through_and_stays_a_link() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let dotfiles = tmp.path().join("dotfiles");
        std::fs::create_dir(&dotfiles).unwrap();
        std::fs::set_permissions(&dotfiles, std::fs::Permissions::from_mode(0o755)).unwrap();
        let target = dotfiles.join("hudhud.toml");
        std::fs::write(&target, COMMENTED).unwrap();
        let paths = paths_in(&tmp.path().join("config"));
        std::fs::create_dir(&paths.config_dir).unwrap();
        std::os::unix::fs::symlink("../dotfiles/hudhud.toml", paths.config_file()).unwrap();

        let mut config = Config::load(&paths).unwrap();
        config.settings.theme = Some("light".into());
        config.save(&paths).unwrap();

        let link = std::fs::symlink_metadata(paths.config_file()).unwrap();
        assert!(link.file_type().is_symlink(), "the link was replaced");
        let saved = std::fs::read_to_string(&target).unwrap();
        assert!(saved.contains("theme = \"light\""), "{saved}");
        assert!(saved.contains("# the office"), "{saved}");
        let mode = std::fs::metadata(&dotfiles).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o755, "the user's folder was changed");
        assert_eq!(
            std::fs::read_dir(&dotfiles).unwrap().count(),
            1,
            "temp file left"
        );
    }

    #[test]
    fn unusual_layouts_save_to_what_was_meant() {
        let tmp = tempfile::tempdir().unwrap();
        let paths = paths_in(tmp.path());
        let text = "settings.theme = \"dark\" # dotted\n\
            account = [{ name = \"a\", email = \"a@b.c\", host = \"x\" }]\n";
        std::fs::write(paths.config_file(), text).unwrap();
        let mut config = Config::load(&paths).unwrap();
        config.settings.undo_delay_secs = 0;
        config.account_mut("a").unwrap().host = "y".into();
        config.add_account(account("b")).unwrap();
        config.save(&paths).unwrap();
        let saved = std::fs::read_to_string(paths.config_file()).unwrap();
        assert!(saved.contains("# dotted"), "{saved}");
        assert_eq!(Config::load(&paths).unwrap(), config, "{saved}");
    }

    #[test]
    fn a_file_without_settings_gets_them_added_after_what_is_there() {
        let tmp = tempfile::tempdir().unwrap();
        let paths = paths_in(tmp.path());
        let text = "# mine\n[[account]]\nname = \"a\"\nemail = \"a@b.c\"\nhost = \"x\"\n";
        std::fs::write(paths.config_file(), text).unwrap();
        let mut config = Config::load(&paths).unwrap();
        config.settings.default_account = Some("a".into());
        config.save(&paths).unwrap();
        let saved = std::fs::read_to_string(paths.config_file()).unwrap();
        assert!(saved.starts_with(text), "{saved}");
        assert_eq!(Config::load(&paths).unwrap(), config, "{saved}");
    }

    #[test]
    fn a_new_file_gets_every_setting_written_out() {
        let tmp = tempfile::tempdir().unwrap();
        let paths = paths_in(tmp.path());
        let mut config = Config::default();
        config.add_account(account("a")).unwrap();
        config.save(&paths).unwrap();
        let saved = std::fs::read_to_string(paths.config_file()).unwrap();
        assert!(saved.contains("retry_cap_secs = 3600"), "{saved}");
        assert_eq!(Config::load(&paths).unwrap(), config);
        // Removing the last account leaves no empty array behind.
        let mut config = Config::load(&paths).unwrap();
        config.remove_account("a").unwrap();
        config.save(&paths).unwrap();
        assert_eq!(Config::load(&paths).unwrap(), config);
    }

    #[test]
    fn identities_and_multi_line_signatures_round_trip_and_old_files_still_load() {
        let tmp = tempfile::tempdir().unwrap();
        let paths = paths_in(tmp.path());
        // A file from before identities: it loads, with none.
        std::fs::write(paths.config_file(), COMMENTED).unwrap();
        let mut config = Config::load(&paths).unwrap();
        assert!(config.accounts.iter().all(|a| a.identities.is_empty()));
        let work = config.account_mut("work").unwrap();
        work.signature = Some("Layla Haddad\nقسم المالية\n\"quoted\" \\ end".into());
        work.signature_placement = SignaturePlacement::AboveQuote;
        work.identities = vec![
            Identity {
                email: "sales@work.example".into(),
                display_name: Some("مبيعات".into()),
                signature: Some("The sales team\nهاتف ١٢٣".into()),
            },
            Identity {
                email: "noreply@work.example".into(),
                display_name: None,
                signature: None,
            },
        ];
        config.save(&paths).unwrap();
        let saved = std::fs::read_to_string(paths.config_file()).unwrap();
        for kept in [
            "# the office\n[[account]]\nname = \"work\"\n",
            "host = \"smtp.work.example\" # via VPN\n",
            "[[account.identity]]\nemail = \"sales@work.example\"",
            "signature_placement = \"above-quote\"",
            "# old mailbox, to go\n[[account]]\nname = \"old\"",
        ] {
            assert!(saved.contains(kept), "lost {kept:?} in:\n{saved}");
        }
        let back = Config::load(&paths).unwrap();
        assert_eq!(back, config, "{saved}");
        // The identities belong to "work", not to the account after it.
        assert!(
            back.account("old").unwrap().identities.is_empty(),
            "{saved}"
        );

        // One removed, one changed: saved in place again.
        let mut config = back;
        let work = config.account_mut("work").unwrap();
        work.identities.remove(1);
        work.identities[0].signature = Some("Sales\nمبيعات".into());
        config.save(&paths).unwrap();
        let saved = std::fs::read_to_string(paths.config_file()).unwrap();
        assert!(!saved.contains("noreply"), "{saved}");
        assert_eq!(Config::load(&paths).unwrap(), config, "{saved}");
        assert!(saved.contains("# the office"), "{saved}");

        // A new account with identities, added to the file: its identities
        // follow it.
        let mut shop = account("shop");
        shop.identities.push(Identity {
            email: "orders@example.com".into(),
            display_name: None,
            signature: Some("Orders".into()),
        });
        config.add_account(shop).unwrap();
        config.save(&paths).unwrap();
        let saved = std::fs::read_to_string(paths.config_file()).unwrap();
        assert_eq!(Config::load(&paths).unwrap(), config, "{saved}");
        assert!(
            saved.trim_end().ends_with(
                "[[account.identity]]\nemail = \"orders@example.com\"\nsignature = \"Orders\""
            ),
            "{saved}"
        );

        // A misspelt identity key is an error like any other.
        let text = "[[account]]\nname = \"a\"\nemail = \"a@b.c\"\nhost = \"x\"\n\n\
            [[account.identity]]\nemial = \"x@b.c\"\n";
        let err = Config::parse(text, Path::new("c.toml")).unwrap_err();
        assert!(err.to_string().contains("emial"), "{err}");
    }

    #[test]
    fn an_alias_finds_its_account_and_sending_as_it_keeps_the_login() {
        let mut config = Config::default();
        config.add_account(account("home")).unwrap();
        let mut work = account("work");
        work.identities.push(Identity {
            email: "sales@example.com".into(),
            display_name: Some("Sales".into()),
            signature: Some("S".into()),
        });
        config.add_account(work).unwrap();
        assert_eq!(
            config
                .account_for_address(" SALES@example.com")
                .map(|a| a.name.as_str()),
            Some("work")
        );
        assert_eq!(
            config
                .account_for_address("home@example.com")
                .map(|a| a.name.as_str()),
            Some("home")
        );
        let work = config.account("work").unwrap();
        let as_sales = work.sending_as(Some("sales@example.com")).unwrap();
        assert_eq!(
            (
                as_sales.email.as_str(),
                as_sales.display_name.as_deref(),
                as_sales.signature.as_deref()
            ),
            ("sales@example.com", Some("Sales"), Some("S"))
        );
        assert_eq!(as_sales.username(), "work@example.com");
        assert_eq!(work.sending_as(Some("work@example.com")).unwrap(), *work);
        assert_eq!(work.sending_as(None).unwrap(), *work);
        assert!(matches!(
            work.sending_as(Some("home@example.com")),
            Err(ConfigError::UnknownIdentity { .. })
        ));
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
