//! The sender's side: an SMTP session signed in with the account's token,
//! renewed once when the server refuses it.

use std::sync::{Arc, Mutex};

use super::{OAuthError, Secret, TokenSource};
use crate::fl;
use crate::smtp::{BearerToken, Problem, Server, Session, SignIn, SmtpError, Speaker, Transcript};

/// One account's token source, shared by the worker's sessions.
pub type SharedTokenSource = Arc<Mutex<TokenSource>>;

/// A fresh access token, off the async threads (the HTTP is blocking).
/// With `renew` the current one is dropped first: the server refused it.
pub async fn fresh_token(
    source: &SharedTokenSource,
    renew: bool,
) -> Result<(Secret, bool), OAuthError> {
    let source = Arc::clone(source);
    tokio::task::spawn_blocking(move || {
        // A panic elsewhere while holding the lock leaves a usable source.
        let mut source = source.lock().unwrap_or_else(|e| e.into_inner());
        if renew {
            source.invalidate();
        }
        Ok((source.access_token()?, source.allows_oauthbearer()))
    })
    .await
    .map_err(|e| OAuthError::Response(e.to_string()))?
}

/// Connects and signs in with a token from `source`. A token the server
/// refuses is renewed once and tried once more, never again: a second
/// refusal comes back as `Problem::TokenRejected` (kind `AuthRefused`, so
/// the messages are held with "sign in again"), and a refused refresh as
/// `Problem::SignIn`.
pub async fn connect_with_token(
    server: &Server,
    username: &str,
    source: &SharedTokenSource,
    transcript: &mut Transcript,
) -> Result<Session, SmtpError> {
    let mut renew = false;
    loop {
        let (token, allow_oauthbearer) = match fresh_token(source, renew).await {
            Ok(fresh) => fresh,
            Err(error) => {
                let error = SmtpError::from(error);
                transcript.push(Speaker::Note, error.describe());
                return Err(error);
            }
        };
        let bearer = BearerToken {
            username: username.to_owned(),
            access_token: token.expose().to_owned(),
            allow_oauthbearer,
        };
        match Session::connect_as(server, Some(SignIn::Bearer(&bearer)), transcript).await {
            Err(error) if !renew && matches!(error.problem, Problem::TokenRejected { .. }) => {
                transcript.push(Speaker::Note, fl!("transcript-token-renewed"));
                renew = true;
            }
            other => return other,
        }
    }
}
