//! Access tokens for the sender: refreshed a minute before they expire,
//! a rotated refresh token saved at once; or taken from a user's command.

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::{Client, OAuthError, Secret};
use crate::fl;

/// Refresh this long before the provider's expiry, so a token never runs
/// out in the middle of a session.
pub const REFRESH_MARGIN: Duration = Duration::from_secs(60);

/// How long `--token-command` may take: long enough for a helper that asks
/// its own agent, short enough that a hung one does not stall the outbox.
pub const TOKEN_COMMAND_TIMEOUT: Duration = Duration::from_secs(30);

/// Saves a rotated refresh token (to the keychain, under the account).
pub type SaveRefreshToken =
    Box<dyn FnMut(&Secret) -> Result<(), crate::secrets::SecretError> + Send>;

/// Gives fresh access tokens for one account. Blocking; one per account,
/// kept for the life of the worker so the access token is reused.
pub struct TokenSource {
    client: Client,
    refresh_token: Secret,
    current: Option<(Secret, Option<Instant>)>,
    save: SaveRefreshToken,
}

impl std::fmt::Debug for TokenSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenSource")
            .field("provider", &self.client.provider_name)
            .finish_non_exhaustive()
    }
}

impl TokenSource {
    pub fn new(client: Client, refresh_token: Secret, save: SaveRefreshToken) -> TokenSource {
        TokenSource {
            client,
            refresh_token,
            current: None,
            save,
        }
    }

    /// The provider's SMTP takes OAUTHBEARER (see `smtp::BearerToken`).
    pub fn allows_oauthbearer(&self) -> bool {
        self.client.oauthbearer
    }

    /// An access token valid for at least `REFRESH_MARGIN` as far as we
    /// know. A refused refresh is `OAuthError::SignInAgain`.
    pub fn access_token(&mut self) -> Result<Secret, OAuthError> {
        if let Some((token, expires)) = &self.current {
            let fresh = expires.is_none_or(|at| Instant::now() + REFRESH_MARGIN < at);
            if fresh {
                return Ok(token.clone());
            }
        }
        let grant = self.client.refresh(&self.refresh_token)?;
        if let Some(rotated) = grant.refresh_token
            && rotated != self.refresh_token
        {
            // The old one is dead already at most providers: lose the new
            // one and the account must sign in again.
            (self.save)(&rotated).map_err(OAuthError::Keychain)?;
            self.refresh_token = rotated;
        }
        self.current = Some((grant.access_token.clone(), grant.expires_at));
        Ok(grant.access_token)
    }

    /// The server refused the current access token: the next call refreshes.
    /// The caller retries once, never in a loop.
    pub fn invalidate(&mut self) {
        self.current = None;
    }
}

/// Splits a command line into program and arguments, as a POSIX shell
/// would but without running one.
pub fn split_command(line: &str) -> Result<Vec<String>, OAuthError> {
    shlex::split(line).ok_or_else(|| OAuthError::TokenCommand(fl!("oauth-command-unparsable")))
}

/// Runs the user's token command (no shell: `argv[0]` with its arguments)
/// and takes the first line of its output as the access token. Killed after
/// `timeout`. Its error output is shown when it fails, never its output.
pub fn run_token_command(argv: &[String], timeout: Duration) -> Result<Secret, OAuthError> {
    let Some((program, args)) = argv.split_first() else {
        return Err(OAuthError::TokenCommand(fl!("oauth-command-empty")));
    };
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| OAuthError::TokenCommand(format!("{program}: {e}")))?;
    let stdout = child.stdout.take();
    let stderr = child.stderr.take();
    let first_line = std::thread::spawn(move || {
        let mut line = String::new();
        if let Some(out) = stdout {
            let mut reader = BufReader::new(out.take(64 * 1024));
            let _ = reader.read_line(&mut line);
            // Drain the rest so the command is never blocked on a full pipe.
            let _ = std::io::copy(&mut reader, &mut std::io::sink());
        }
        line
    });
    let errors = std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(err) = stderr {
            let _ = err.take(4096).read_to_string(&mut text);
        }
        text
    });
    let deadline = Instant::now() + timeout;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(20)),
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(OAuthError::TokenCommand(fl!(
                    "oauth-command-timeout",
                    program = program.clone(),
                    seconds = timeout.as_secs().to_string()
                )));
            }
            Err(e) => return Err(OAuthError::TokenCommand(format!("{program}: {e}"))),
        }
    };
    let line = first_line.join().unwrap_or_default();
    let errors = errors.join().unwrap_or_default();
    let errors: String = errors.trim().chars().filter(|c| !c.is_control()).collect();
    if !status.success() {
        return Err(OAuthError::TokenCommand(fl!(
            "oauth-command-failed",
            program = program.clone(),
            status = status.to_string(),
            errors = errors
        )));
    }
    let token = line.trim();
    if token.is_empty() {
        return Err(OAuthError::TokenCommand(fl!(
            "oauth-command-no-token",
            program = program.clone()
        )));
    }
    Ok(Secret::new(token))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sh(script: &str) -> Vec<String> {
        vec!["sh".into(), "-c".into(), script.into()]
    }

    #[test]
    fn the_first_line_of_output_is_the_token() {
        let token = run_token_command(&sh("echo ' tok-1 '; echo second"), Duration::from_secs(5));
        assert_eq!(token.unwrap().expose(), "tok-1");
    }

    #[test]
    fn failures_say_what_happened_without_the_output() {
        let failed = run_token_command(
            &sh("echo secret-out; echo 'no such account' >&2; exit 3"),
            Duration::from_secs(5),
        )
        .unwrap_err()
        .to_string();
        assert!(failed.contains("no such account"), "{failed}");
        assert!(!failed.contains("secret-out"), "{failed}");

        let empty = run_token_command(&sh("true"), Duration::from_secs(5)).unwrap_err();
        assert!(matches!(empty, OAuthError::TokenCommand(_)));

        let missing = run_token_command(&["/nonexistent/pizauth".into()], Duration::from_secs(5));
        assert!(
            missing
                .unwrap_err()
                .to_string()
                .contains("/nonexistent/pizauth")
        );
    }

    #[test]
    fn a_hanging_command_is_killed_at_the_timeout() {
        let started = Instant::now();
        let hung = run_token_command(&sh("exec sleep 30"), Duration::from_millis(300));
        assert!(matches!(hung, Err(OAuthError::TokenCommand(_))));
        assert!(started.elapsed() < Duration::from_secs(5));
    }

    #[test]
    fn commands_are_split_without_a_shell() {
        assert_eq!(
            split_command("pizauth show 'my gmail'").unwrap(),
            ["pizauth", "show", "my gmail"]
        );
        assert!(split_command("unterminated 'quote").is_err());
    }
}
