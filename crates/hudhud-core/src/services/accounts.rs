//! Where an account's password comes from: the system keychain, for every
//! front end (the window's worker and test, `hudhud send`, `account test`,
//! the daemon).

use std::sync::Arc;

use super::ServiceError;
use super::writer::{self, Turn};
use crate::config::{Account, Config};
use crate::outbox::PasswordSource;
use crate::paths::Paths;
use crate::secrets::{self, SecretError};
use crate::smtp::Credentials;

/// The credentials an account signs in with; None for an account that signs
/// in without a password (no auth, OAuth2, a token command). Blocks.
pub fn credentials(account: &Account) -> Result<Option<Credentials>, SecretError> {
    if !account.needs_password() {
        return Ok(None);
    }
    Ok(Some(Credentials {
        username: account.username().to_owned(),
        password: secrets::get_password(&account.name)?,
    }))
}

/// [`credentials`] for a typed password when there is one (the account form
/// tests what was typed before it is saved), else from the keychain.
pub fn credentials_or_typed(
    account: &Account,
    typed: &str,
) -> Result<Option<Credentials>, SecretError> {
    if typed.is_empty() {
        return credentials(account);
    }
    Ok(Some(Credentials {
        username: account.username().to_owned(),
        password: typed.to_owned(),
    }))
}

/// Saves the configuration through the one writer: a save asked for
/// earlier never overwrites a later one. Blocks.
pub fn save_config(paths: &Paths, config: &Config, turn: Turn) -> Result<(), ServiceError> {
    writer::in_turn(&paths.config_file(), turn, || config.save(paths))?;
    Ok(())
}

/// The keychain as the outbox worker's password source.
pub fn keychain_passwords() -> PasswordSource {
    Arc::new(credentials)
}
