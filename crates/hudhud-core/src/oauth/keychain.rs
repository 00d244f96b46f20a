//! The refresh token in the keychain: service `hudhud`, user = the account's
//! name, like a password (an account has one or the other).
//!
//! Windows' Credential Manager keeps at most 2560 bytes (1280 UTF-16 units)
//! a value, and Microsoft's refresh tokens can be longer: a long token is
//! split over `NAME`, `NAME#2`, `NAME#3`..., the first part saying how many
//! there are.

use super::{OAuthError, Secret, TokenSource};
use crate::secrets::{self, SecretError};

/// Characters per keychain value: under Windows' limit with room to spare.
const PART: usize = 1000;
/// How many parts a token may take (and how many stale ones are cleared).
const MAX_PARTS: usize = 8;
const SPLIT_TAG: &str = "hudhud-split:";

fn part_name(account: &str, n: usize) -> String {
    format!("{account}#{n}")
}

pub fn store_refresh_token(account: &str, token: &Secret) -> Result<(), SecretError> {
    let chars: Vec<char> = token.expose().chars().collect();
    let parts: Vec<String> = chars
        .chunks(PART)
        .map(|c| c.iter().collect::<String>())
        .collect();
    if parts.len() > MAX_PARTS {
        return Err(SecretError::Failed(crate::fl!("oauth-token-too-long")));
    }
    if parts.len() <= 1 && !token.expose().starts_with(SPLIT_TAG) {
        secrets::set_password(account, token.expose())?;
    } else {
        // The later parts first: the head is what makes them count.
        for (i, part) in parts.iter().enumerate().skip(1) {
            secrets::set_password(&part_name(account, i + 1), part)?;
        }
        let head = parts.first().map(String::as_str).unwrap_or_default();
        secrets::set_password(account, &format!("{SPLIT_TAG}{}:{head}", parts.len()))?;
    }
    for n in parts.len().max(1) + 1..=MAX_PARTS {
        secrets::delete_password(&part_name(account, n))?;
    }
    Ok(())
}

pub fn load_refresh_token(account: &str) -> Result<Secret, SecretError> {
    let head = secrets::get_password(account)?;
    let Some(rest) = head.strip_prefix(SPLIT_TAG) else {
        return Ok(Secret::new(head));
    };
    let damaged = || SecretError::Failed(crate::fl!("oauth-token-damaged", name = account));
    let (count, first) = rest.split_once(':').ok_or_else(damaged)?;
    let count: usize = count.parse().map_err(|_| damaged())?;
    if !(1..=MAX_PARTS).contains(&count) {
        return Err(damaged());
    }
    let mut token = first.to_owned();
    for n in 2..=count {
        token.push_str(&secrets::get_password(&part_name(account, n)).map_err(|_| damaged())?);
    }
    Ok(Secret::new(token))
}

pub fn delete_refresh_token(account: &str) -> Result<(), SecretError> {
    secrets::delete_password(account)?;
    for n in 2..=MAX_PARTS {
        secrets::delete_password(&part_name(account, n))?;
    }
    Ok(())
}

impl TokenSource {
    /// The account's token source: its refresh token from the keychain, and
    /// rotated ones saved back there at once. No saved sign-in is
    /// `SignInAgain`, like a revoked one.
    pub fn from_keychain(account: &str, client: super::Client) -> Result<TokenSource, OAuthError> {
        let refresh = match load_refresh_token(account) {
            Ok(token) => token,
            Err(SecretError::Missing(_)) => {
                return Err(OAuthError::SignInAgain(crate::fl!("oauth-never-signed-in")));
            }
            Err(other) => return Err(OAuthError::Keychain(other)),
        };
        let name = account.to_owned();
        Ok(TokenSource::new(
            client,
            refresh,
            Box::new(move |token| store_refresh_token(&name, token)),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secrets::tests::use_mock_store;

    #[test]
    fn short_tokens_are_one_entry_like_a_password() {
        use_mock_store();
        store_refresh_token("kc-short", &Secret::new("rt-abc")).unwrap();
        assert_eq!(secrets::get_password("kc-short").unwrap(), "rt-abc");
        assert_eq!(load_refresh_token("kc-short").unwrap().expose(), "rt-abc");
    }

    #[test]
    fn long_tokens_are_split_under_the_windows_limit_and_rejoined() {
        use_mock_store();
        let long: String = (0..2500)
            .map(|i| char::from(b'a' + (i % 26) as u8))
            .collect();
        store_refresh_token("kc-long", &Secret::new(long.clone())).unwrap();
        for name in ["kc-long", "kc-long#2", "kc-long#3"] {
            let value = secrets::get_password(name).unwrap();
            assert!(value.encode_utf16().count() * 2 <= 2560, "{name}");
        }
        assert_eq!(load_refresh_token("kc-long").unwrap().expose(), long);

        // A shorter rotated token leaves no stale parts behind.
        store_refresh_token("kc-long", &Secret::new("rt-short")).unwrap();
        assert_eq!(load_refresh_token("kc-long").unwrap().expose(), "rt-short");
        assert!(matches!(
            secrets::get_password("kc-long#2"),
            Err(SecretError::Missing(_))
        ));
        delete_refresh_token("kc-long").unwrap();
        assert!(matches!(
            load_refresh_token("kc-long"),
            Err(SecretError::Missing(_))
        ));
    }

    #[test]
    fn a_missing_part_is_reported_not_glued_wrong() {
        use_mock_store();
        let long = "x".repeat(1500);
        store_refresh_token("kc-broken", &Secret::new(long)).unwrap();
        secrets::delete_password("kc-broken#2").unwrap();
        let error = load_refresh_token("kc-broken").unwrap_err();
        assert!(matches!(error, SecretError::Failed(_)), "{error:?}");
    }

    #[test]
    fn no_saved_sign_in_means_sign_in_again() {
        use_mock_store();
        let settings = super::super::OAuthSettings {
            provider: "google".into(),
            client_id: Some("id".into()),
            ..Default::default()
        };
        let client = super::super::Client::resolve(&settings, None).unwrap();
        let error = TokenSource::from_keychain("kc-never", client).unwrap_err();
        assert!(error.needs_sign_in(), "{error:?}");
    }
}
