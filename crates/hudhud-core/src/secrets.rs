//! Passwords in the operating system's keychain, through keyring-core.
//!
//! Service `hudhud`, user = the account name. There is no other place a
//! password can go: when no keychain can be reached, we say so and store
//! nothing. Calls here block; front ends run them off the UI thread.

use std::fmt;

use keyring_core::{Entry, Error as KeyringError};

use crate::fl;

pub const SERVICE: &str = "hudhud";

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum SecretError {
    /// No keychain service can be reached from this process (no Secret
    /// Service on its D-Bus; cron and SSH sessions usually have none). Not a
    /// fault of the account: the desktop session may well reach one.
    Unavailable(String),
    /// The keychain exists but refused access (locked, or the user said no).
    Denied(String),
    /// No password is stored for this account.
    Missing(String),
    Failed(String),
}

impl fmt::Display for SecretError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            SecretError::Unavailable(detail) => {
                fl!("error-keychain-unavailable", detail = detail.clone())
            }
            SecretError::Denied(detail) => fl!("error-keychain-denied", detail = detail.clone()),
            SecretError::Missing(account) => {
                fl!("error-keychain-missing", name = account.clone())
            }
            SecretError::Failed(detail) => fl!("error-keychain-failed", detail = detail.clone()),
        };
        f.write_str(&text)
    }
}

impl std::error::Error for SecretError {}

/// Makes sure a credential store is in place: the platform's, unless one was
/// set already (unit tests set keyring-core's mock store).
pub fn ensure_store() -> Result<(), SecretError> {
    if keyring_core::get_default_store().is_some() {
        return Ok(());
    }
    let store = platform_store().map_err(|e| SecretError::Unavailable(e.to_string()))?;
    keyring_core::set_default_store(store);
    Ok(())
}

#[cfg(any(
    target_os = "linux",
    target_os = "freebsd",
    target_os = "openbsd",
    target_os = "netbsd"
))]
fn platform_store() -> keyring_core::Result<std::sync::Arc<keyring_core::CredentialStore>> {
    Ok(zbus_secret_service_keyring_store::Store::new()?)
}

#[cfg(target_os = "macos")]
fn platform_store() -> keyring_core::Result<std::sync::Arc<keyring_core::CredentialStore>> {
    Ok(apple_native_keyring_store::keychain::Store::new()?)
}

#[cfg(target_os = "windows")]
fn platform_store() -> keyring_core::Result<std::sync::Arc<keyring_core::CredentialStore>> {
    Ok(windows_native_keyring_store::Store::new()?)
}

fn entry(account: &str) -> Result<Entry, SecretError> {
    ensure_store()?;
    Entry::new(SERVICE, account).map_err(|e| classify(e, account))
}

pub fn set_password(account: &str, password: &str) -> Result<(), SecretError> {
    entry(account)?
        .set_password(password)
        .map_err(|e| classify(e, account))
}

pub fn get_password(account: &str) -> Result<String, SecretError> {
    entry(account)?
        .get_password()
        .map_err(|e| classify(e, account))
}

/// Deletes the account's password; deleting one that is not there is fine.
pub fn delete_password(account: &str) -> Result<(), SecretError> {
    match entry(account)?.delete_credential() {
        Ok(()) | Err(KeyringError::NoEntry) => Ok(()),
        Err(e) => Err(classify(e, account)),
    }
}

fn classify(error: KeyringError, account: &str) -> SecretError {
    match error {
        KeyringError::NoEntry => SecretError::Missing(account.to_owned()),
        KeyringError::NoStorageAccess(e) => SecretError::Denied(e.to_string()),
        KeyringError::NoDefaultStore => SecretError::Unavailable(error.to_string()),
        KeyringError::PlatformFailure(e) => {
            let text = e.to_string();
            // zbus reports a missing Secret Service as a D-Bus failure; say it plainly.
            if text.contains("ServiceUnknown")
                || text.contains("org.freedesktop.secrets")
                || text.contains("DBUS_SESSION_BUS_ADDRESS")
            {
                SecretError::Unavailable(text)
            } else {
                SecretError::Failed(text)
            }
        }
        other => SecretError::Failed(other.to_string()),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Points keyring-core at its in-memory mock store for this process.
    pub fn use_mock_store() {
        if keyring_core::get_default_store().is_none() {
            keyring_core::set_default_store(keyring_core::mock::Store::new().unwrap());
        }
    }

    #[test]
    fn set_get_delete_round_trip() {
        use_mock_store();
        set_password("secrets-test", "s3cret كلمة").unwrap();
        assert_eq!(get_password("secrets-test").unwrap(), "s3cret كلمة");
        delete_password("secrets-test").unwrap();
        assert_eq!(
            get_password("secrets-test"),
            Err(SecretError::Missing("secrets-test".into()))
        );
        // deleting twice is not an error
        delete_password("secrets-test").unwrap();
    }
}
