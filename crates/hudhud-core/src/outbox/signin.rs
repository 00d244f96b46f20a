//! How the sender signs in for an account: a password, a token from the
//! OAuth2 provider (refreshed as needed), or a token from the user's own
//! command. The worker, `account test` and the command line share it.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use crate::config::{Account, AuthMethod};
use crate::fl;
use crate::oauth::{
    self, Client, OAuthError, OAuthSettings, Secret, SharedTokenSource, TokenSource,
};
use crate::secrets::{self, SecretError};
use crate::smtp::{
    BearerToken, Credentials, ErrorKind, Problem, Server, Session, SignIn, SmtpError, Speaker,
    Transcript,
};

/// The token sources of this process, one per OAuth2 account, kept so that
/// an access token is reused until a minute before it expires instead of
/// being refreshed for every batch. The settings they were made from are
/// kept too: an edited account gets a new one.
static SOURCES: LazyLock<Mutex<HashMap<String, (OAuthSettings, SharedTokenSource)>>> =
    LazyLock::new(Mutex::default);

fn client_secret_entry(account: &str) -> String {
    format!("{account}#oauth-client-secret")
}

/// Keeps an account's own client secret (`--oauth-client-secret`) in the
/// keychain, never in the config file.
pub fn store_client_secret(account: &str, secret: &Secret) -> Result<(), SecretError> {
    secrets::set_password(&client_secret_entry(account), secret.expose())
}

pub fn delete_client_secret(account: &str) -> Result<(), SecretError> {
    secrets::delete_password(&client_secret_entry(account))
}

fn load_client_secret(account: &str) -> Result<Option<Secret>, SecretError> {
    match secrets::get_password(&client_secret_entry(account)) {
        Ok(secret) => Ok(Some(Secret::new(secret))),
        Err(SecretError::Missing(_)) => Ok(None),
        Err(other) => Err(other),
    }
}

/// The account's OAuth2 settings; an account written by hand with
/// `auth = "oauth2"` and no `[account.oauth]` gets its provider from the
/// address.
pub fn oauth_settings(account: &Account) -> Result<OAuthSettings, OAuthError> {
    if let Some(settings) = &account.oauth {
        return Ok(settings.clone());
    }
    oauth::provider_for_email(&account.email)
        .map(|p| OAuthSettings {
            provider: p.id.clone(),
            ..OAuthSettings::default()
        })
        .ok_or_else(|| OAuthError::UnknownProvider(String::new()))
}

/// The endpoints and client of an OAuth2 account. Blocks: the account's
/// client secret comes from the keychain, and an OpenID Connect issuer is
/// asked for its endpoints.
pub fn resolve_client(account: &Account) -> Result<Client, OAuthError> {
    let settings = oauth_settings(account)?;
    let secret = load_client_secret(&account.name).map_err(OAuthError::Keychain)?;
    let mut client = Client::resolve(&settings, secret)?;
    // A provider whose SMTP scope does not cover IMAP (Microsoft) is asked
    // for its IMAP scope too when the account saves copies in Sent.
    if account.saves_sent()
        && settings.scopes.is_none()
        && let Some(provider) = oauth::provider(&settings.provider)
    {
        for scope in &provider.imap_scopes {
            if !client.scopes.contains(scope) {
                client.scopes.push(scope.clone());
            }
        }
    }
    Ok(client)
}

/// The account's token source, made once per process (blocking); true when
/// it was made earlier, from what the keychain held then.
fn token_source(account: &Account) -> Result<(SharedTokenSource, bool), OAuthError> {
    let settings = oauth_settings(account)?;
    if let Some((made_from, source)) = sources().get(&account.name)
        && *made_from == settings
    {
        return Ok((Arc::clone(source), true));
    }
    let client = resolve_client(account)?;
    let source = Arc::new(Mutex::new(TokenSource::from_keychain(
        &account.name,
        client,
    )?));
    sources().insert(account.name.clone(), (settings, Arc::clone(&source)));
    Ok((source, false))
}

fn sources() -> std::sync::MutexGuard<'static, HashMap<String, (OAuthSettings, SharedTokenSource)>>
{
    SOURCES.lock().unwrap_or_else(|e| e.into_inner())
}

/// Drops the account's token source: its refresh token was refused, so the
/// next attempt reads the keychain again (where `account login` put a new
/// one, perhaps from another process).
pub fn forget_token_source(account: &str) {
    sources().remove(account);
}

/// Signs the account in through the browser and keeps the refresh token in
/// the keychain: what `account login` and the window's "Sign in with..."
/// both do. Blocks until the redirect comes back (or the timeout).
pub fn sign_in_and_store(
    account: &Account,
    open: &dyn Fn(&str) -> Result<(), OAuthError>,
) -> Result<(), OAuthError> {
    let client = resolve_client(account)?;
    let grant = client.sign_in_browser(Some(&account.email), open, oauth::BROWSER_TIMEOUT)?;
    let refresh = grant.refresh_token.ok_or(OAuthError::NoRefreshToken)?;
    oauth::store_refresh_token(&account.name, &refresh).map_err(OAuthError::Keychain)?;
    // A worker of this process would otherwise keep the refused token.
    forget_token_source(&account.name);
    Ok(())
}

/// A message held because only a new sign-in helps (the provider refused
/// the saved one): the way out is "Sign in again", not a new password.
pub fn held_for_sign_in(error: &SmtpError) -> bool {
    match &error.problem {
        Problem::TokenRejected { .. } => true,
        Problem::SignIn(e) => e.needs_sign_in(),
        _ => false,
    }
}

/// A sign-in failure as the outbox sees it. An unreachable keychain is the
/// same problem as for a password, so the messages wait the same way.
fn sign_in_error(error: OAuthError) -> SmtpError {
    match error {
        OAuthError::Keychain(secret) => {
            let kind = match secret {
                SecretError::Unavailable(_) => ErrorKind::Transient,
                _ => ErrorKind::Config,
            };
            SmtpError::new(kind, Problem::Keychain(secret))
        }
        other => SmtpError::from(other),
    }
}

/// Runs a blocking step off the async threads.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, OAuthError> + Send + 'static,
) -> Result<T, OAuthError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| OAuthError::Response(e.to_string()))?
}

/// Connects and signs in as the account says: with `credentials` (the
/// password, fetched by the caller), with an OAuth2 token (renewed once if
/// the server refuses it), or with the token the account's command prints.
pub async fn connect_account(
    server: &Server,
    account: &Account,
    credentials: Option<&Credentials>,
    transcript: &mut Transcript,
) -> Result<Session, SmtpError> {
    let noted = |transcript: &mut Transcript, error: OAuthError| {
        let error = sign_in_error(error);
        transcript.push(Speaker::Note, error.describe());
        error
    };
    match account.auth {
        AuthMethod::Password | AuthMethod::None => {
            Session::connect(server, credentials, transcript).await
        }
        AuthMethod::OAuth2 => {
            let mut reread = false;
            loop {
                let owned = account.clone();
                let (source, cached) = blocking(move || token_source(&owned))
                    .await
                    .map_err(|e| noted(transcript, e))?;
                let result =
                    oauth::connect_with_token(server, account.username(), &source, transcript)
                        .await;
                let Err(error) = &result else {
                    return result;
                };
                if error.kind != ErrorKind::AuthRefused {
                    return result;
                }
                // The next attempt reads the keychain again: `account login`
                // may have put a new sign-in there, from another process.
                forget_token_source(&account.name);
                // A refresh token held since earlier may have been rotated
                // by another process (a `send` beside the daemon), which
                // killed this copy: the keychain has the live one. Once.
                let refused = matches!(&error.problem, Problem::SignIn(e) if e.needs_sign_in());
                if !(refused && cached) || reread {
                    return result;
                }
                reread = true;
                transcript.push(Speaker::Note, fl!("transcript-token-reread"));
            }
        }
        AuthMethod::OAuth2Command => {
            let line = account.token_command.clone().unwrap_or_default();
            let token = blocking(move || {
                let argv = oauth::split_command(&line)?;
                oauth::run_token_command(&argv, oauth::TOKEN_COMMAND_TIMEOUT)
            })
            .await
            .map_err(|e| noted(transcript, e))?;
            // Without a provider the server's offer decides; with one, its
            // table says whether OAUTHBEARER is taken (Microsoft: no).
            let allow_oauthbearer = account
                .oauth
                .as_ref()
                .and_then(|s| oauth::provider(&s.provider))
                .is_none_or(|p| p.oauthbearer || p.discovery);
            let bearer = BearerToken {
                username: account.username().to_owned(),
                access_token: token.expose().to_owned(),
                allow_oauthbearer,
            };
            Session::connect_as(server, Some(SignIn::Bearer(&bearer)), transcript).await
        }
    }
}

/// The account's OAuth2 access token for IMAP (the same token source as
/// SMTP; the providers' scopes cover both), and whether OAUTHBEARER may be
/// used.
pub async fn access_token(account: &Account) -> Result<(String, bool), OAuthError> {
    match account.auth {
        AuthMethod::OAuth2Command => {
            let line = account.token_command.clone().unwrap_or_default();
            let token = blocking(move || {
                let argv = oauth::split_command(&line)?;
                oauth::run_token_command(&argv, oauth::TOKEN_COMMAND_TIMEOUT)
            })
            .await?;
            let allow_oauthbearer = account
                .oauth
                .as_ref()
                .and_then(|s| oauth::provider(&s.provider))
                .is_none_or(|p| p.oauthbearer || p.discovery);
            Ok((token.expose().to_owned(), allow_oauthbearer))
        }
        _ => {
            let owned = account.clone();
            let (source, _) = blocking(move || token_source(&owned)).await?;
            let (token, allow_oauthbearer) = oauth::fresh_token(&source, false).await?;
            Ok((token.expose().to_owned(), allow_oauthbearer))
        }
    }
}

/// `account test`: connect, sign in, NOOP, QUIT.
pub async fn test_account(
    server: &Server,
    account: &Account,
    credentials: Option<&Credentials>,
    transcript: &mut Transcript,
) -> Result<(), SmtpError> {
    let mut session = connect_account(server, account, credentials, transcript).await?;
    let result = session.noop(transcript).await;
    session.quit(transcript).await;
    result.map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secrets::tests::use_mock_store;

    fn account(name: &str, email: &str) -> Account {
        let mut account: Account = toml::from_str(&format!(
            "name = \"{name}\"\nemail = \"{email}\"\nhost = \"localhost\"\nauth = \"oauth2\"\n"
        ))
        .unwrap();
        account.oauth = None;
        account
    }

    #[test]
    fn an_account_without_oauth_settings_takes_its_provider_from_the_address() {
        let gmail = account("g", "someone@gmail.com");
        assert_eq!(oauth_settings(&gmail).unwrap().provider, "google");
        let other = account("o", "someone@example.com");
        assert!(matches!(
            oauth_settings(&other),
            Err(OAuthError::UnknownProvider(_))
        ));
    }

    #[test]
    fn the_client_secret_is_a_keychain_entry_of_its_own_and_used_by_the_client() {
        use_mock_store();
        let mut a = account("cs-account", "someone@gmail.com");
        a.oauth = Some(OAuthSettings {
            provider: "google".into(),
            client_id: Some("own-id".into()),
            ..OAuthSettings::default()
        });
        assert!(resolve_client(&a).unwrap().client_secret.is_none());
        store_client_secret("cs-account", &Secret::new("own-secret")).unwrap();
        assert_eq!(
            secrets::get_password("cs-account#oauth-client-secret").unwrap(),
            "own-secret"
        );
        let client = resolve_client(&a).unwrap();
        assert_eq!(
            client.client_secret.as_ref().map(Secret::expose),
            Some("own-secret")
        );
        delete_client_secret("cs-account").unwrap();
        assert!(resolve_client(&a).unwrap().client_secret.is_none());
    }

    #[test]
    fn a_microsoft_account_that_saves_sent_mail_asks_for_the_imap_scope() {
        use_mock_store();
        let mut a = account("ms-imap", "someone@outlook.com");
        a.oauth = Some(OAuthSettings {
            provider: "microsoft".into(),
            client_id: Some("id".into()),
            ..OAuthSettings::default()
        });
        let imap_scope = "https://outlook.office.com/IMAP.AccessAsUser.All".to_owned();
        assert!(!resolve_client(&a).unwrap().scopes.contains(&imap_scope));
        let mut imap = crate::config::ImapSettings::new("outlook.office365.com");
        imap.save_sent = false;
        a.imap = Some(imap.clone());
        assert!(!resolve_client(&a).unwrap().scopes.contains(&imap_scope));
        imap.save_sent = true;
        a.imap = Some(imap);
        let scopes = resolve_client(&a).unwrap().scopes;
        assert!(scopes.contains(&imap_scope), "{scopes:?}");
        assert!(scopes.iter().any(|s| s.ends_with("SMTP.Send")));
    }

    #[test]
    fn an_unreachable_keychain_waits_like_for_a_password_and_a_dead_grant_is_held() {
        let waits = sign_in_error(OAuthError::Keychain(SecretError::Unavailable("x".into())));
        assert_eq!(waits.kind, ErrorKind::Transient);
        assert!(matches!(
            waits.problem,
            Problem::Keychain(SecretError::Unavailable(_))
        ));
        let held = sign_in_error(OAuthError::SignInAgain("revoked".into()));
        assert_eq!(held.kind, ErrorKind::AuthRefused);
    }
}
