//! The two ways a person signs in: in the system browser with a loopback
//! redirect (authorization code + PKCE, RFC 8252 section 7.3), or with a
//! code entered on another device (RFC 8628).

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use oauth2::{
    AuthorizationCode, CsrfToken, PkceCodeChallenge, RedirectUrl, Scope,
    StandardDeviceAuthorizationResponse,
};

use super::{Client, Grant, OAuthError, classify};
use crate::fl;

/// The most of a browser's request we read.
const MAX_REQUEST: usize = 16 * 1024;
/// How long one browser connection may take to send its request.
const REQUEST_LIMIT: Duration = Duration::from_secs(10);

/// What the person must see for a device sign-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DevicePrompt {
    pub verification_uri: String,
    /// The address with the code filled in, when the provider gives one.
    pub verification_uri_complete: Option<String>,
    pub user_code: String,
}

impl Client {
    /// Signs in through the browser. `open` is given the authorization URL
    /// (front ends pass [`open_browser`] and also show the URL, in case no
    /// browser comes up). Waits at most `timeout` for the redirect.
    pub fn sign_in_browser(
        &self,
        login_hint: Option<&str>,
        open: &dyn Fn(&str) -> Result<(), OAuthError>,
        timeout: Duration,
    ) -> Result<Grant, OAuthError> {
        // RFC 8252 7.3: any free port on the loopback interface; the
        // provider matches the redirect whatever the port.
        let listener =
            TcpListener::bind(("127.0.0.1", 0)).map_err(|e| OAuthError::Listener(e.to_string()))?;
        let port = listener
            .local_addr()
            .map_err(|e| OAuthError::Listener(e.to_string()))?
            .port();
        let redirect = format!("http://{}:{port}/", self.redirect_host);
        let client = self
            .oauth()?
            .set_redirect_uri(RedirectUrl::new(redirect.clone()).map_err(|e| {
                OAuthError::BadUrl {
                    url: redirect.clone(),
                    reason: e.to_string(),
                }
            })?);
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = client
            .authorize_url(CsrfToken::new_random)
            .set_pkce_challenge(challenge)
            .add_scopes(self.scopes.iter().cloned().map(Scope::new));
        for (name, value) in &self.auth_params {
            request = request.add_extra_param(name.as_str(), value.as_str());
        }
        if let Some(hint) = login_hint {
            request = request.add_extra_param("login_hint", hint);
        }
        let (url, state) = request.url();
        open(url.as_str())?;
        let code = wait_for_redirect(&listener, state.secret(), Instant::now() + timeout)?;
        let response = client
            .exchange_code(AuthorizationCode::new(code))
            .set_pkce_verifier(verifier)
            .request(&self.http.client())
            .map_err(|e| classify(e, false))?;
        let grant = Grant::from_response(&response);
        if grant.refresh_token.is_none() {
            return Err(OAuthError::NoRefreshToken);
        }
        Ok(grant)
    }

    /// Signs in with a code the person enters on any device: `show` is
    /// called once with what to show; then the provider is polled at the
    /// interval it asks for until it answers, or until `timeout` (None: as
    /// long as the code lives, as the provider says).
    pub fn sign_in_device(
        &self,
        show: &dyn Fn(&DevicePrompt),
        timeout: Option<Duration>,
    ) -> Result<Grant, OAuthError> {
        if self.device_authorization_endpoint.is_none() {
            return Err(OAuthError::NoDeviceFlow {
                provider: self.provider_name.clone(),
            });
        }
        let client = self.oauth()?;
        let details: StandardDeviceAuthorizationResponse = client
            .exchange_device_code()
            .map_err(|e| OAuthError::Response(e.to_string()))?
            .add_scopes(self.scopes.iter().cloned().map(Scope::new))
            .request(&self.http.client())
            .map_err(|e| classify(e, false))?;
        show(&DevicePrompt {
            verification_uri: details.verification_uri().to_string(),
            verification_uri_complete: details
                .verification_uri_complete()
                .map(|u| u.secret().clone()),
            user_code: details.user_code().secret().clone(),
        });
        let response = client
            .exchange_device_access_token(&details)
            .request(&self.http.client(), std::thread::sleep, timeout)
            .map_err(|e| classify(e, false))?;
        let grant = Grant::from_response(&response);
        if grant.refresh_token.is_none() {
            return Err(OAuthError::NoRefreshToken);
        }
        Ok(grant)
    }
}

/// Serves the loopback redirect until a request carries our `state`: then
/// its code (or its error). Requests with another state (a stale tab, a
/// forgery) get an error page and change nothing. Each connection has its
/// own thread: browsers open idle "preconnect" sockets that must not hold
/// up the real request.
fn wait_for_redirect(
    listener: &TcpListener,
    state: &str,
    deadline: Instant,
) -> Result<String, OAuthError> {
    listener
        .set_nonblocking(true)
        .map_err(|e| OAuthError::Listener(e.to_string()))?;
    let (sender, outcomes) = std::sync::mpsc::channel();
    loop {
        if let Ok(outcome) = outcomes.try_recv() {
            return outcome;
        }
        if Instant::now() >= deadline {
            return Err(OAuthError::TimedOut);
        }
        match listener.accept() {
            Ok((stream, _)) => {
                let sender = sender.clone();
                let state = state.to_owned();
                std::thread::spawn(move || {
                    if let Some(outcome) = answer_redirect(stream, &state) {
                        let _ = sender.send(outcome);
                    }
                });
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(e) => return Err(OAuthError::Listener(e.to_string())),
        }
    }
}

/// One browser request: Some when it ends the wait.
fn answer_redirect(mut stream: TcpStream, state: &str) -> Option<Result<String, OAuthError>> {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(REQUEST_LIMIT));
    let _ = stream.set_write_timeout(Some(REQUEST_LIMIT));
    let target = read_request_target(&mut stream)?;
    let url = oauth2::url::Url::parse(&format!("http://127.0.0.1{target}")).ok()?;
    if url.path() != "/" {
        let _ = respond(
            &mut stream,
            "404 Not Found",
            &fl!("oauth-page-not-found"),
            false,
        );
        return None;
    }
    let query = |name: &str| {
        url.query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    };
    if query("state").as_deref() != Some(state) {
        let _ = respond(
            &mut stream,
            "400 Bad Request",
            &fl!("oauth-page-stale"),
            false,
        );
        return None;
    }
    if let Some(code) = query("code").filter(|c| !c.is_empty()) {
        let _ = respond(&mut stream, "200 OK", &fl!("oauth-page-done"), true);
        return Some(Ok(code));
    }
    let error = query("error").unwrap_or_else(|| "no code".to_owned());
    let reason = match query("error_description") {
        Some(description) => format!("{error}: {description}"),
        None => error.clone(),
    };
    let _ = respond(
        &mut stream,
        "200 OK",
        &fl!("oauth-page-failed", reason = reason.clone()),
        false,
    );
    Some(Err(if error == "access_denied" {
        OAuthError::Denied(reason)
    } else {
        OAuthError::Refused {
            error,
            description: query("error_description"),
        }
    }))
}

/// The target of a GET request line, or None for anything else.
fn read_request_target(stream: &mut TcpStream) -> Option<String> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 2048];
    while !buffer.windows(4).any(|w| w == b"\r\n\r\n") && buffer.len() < MAX_REQUEST {
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    }
    let head = String::from_utf8_lossy(&buffer);
    let line = head.lines().next()?;
    let mut parts = line.split(' ');
    match (parts.next(), parts.next()) {
        (Some("GET"), Some(target)) if target.starts_with('/') => Some(target.to_owned()),
        _ => None,
    }
}

/// A small page in the user's language.
fn respond(stream: &mut TcpStream, status: &str, message: &str, done: bool) -> std::io::Result<()> {
    let direction = if crate::i18n::is_rtl() { "rtl" } else { "ltr" };
    let title = if done {
        fl!("oauth-page-title-done")
    } else {
        fl!("oauth-page-title-failed")
    };
    let body = format!(
        "<!doctype html><html dir=\"{direction}\"><head><meta charset=\"utf-8\"><title>{}</title></head>\
         <body style=\"font-family:sans-serif;margin:3em\"><h1>{}</h1><p>{}</p></body></html>",
        escape(&title),
        escape(&title),
        escape(message)
    );
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(body.as_bytes())?;
    stream.flush()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Opens the URL in the user's browser: `$BROWSER` when set (which is also
/// how tests act as the browser), else the platform's way.
pub fn open_browser(url: &str) -> Result<(), OAuthError> {
    let browser = std::env::var("BROWSER").ok();
    open_with(browser.as_deref().filter(|b| !b.trim().is_empty()), url)
}

/// Opens the URL with a `$BROWSER`-style list (commands separated by ':',
/// `%s` standing for the URL, else the URL is appended), or with the
/// platform's opener when `browser` is None. Does not wait for the browser.
pub fn open_with(browser: Option<&str>, url: &str) -> Result<(), OAuthError> {
    let candidates: Vec<Vec<String>> = match browser {
        Some(list) => list
            .split(':')
            .filter_map(|entry| {
                let mut argv = super::split_command(entry).ok()?;
                if argv.is_empty() {
                    return None;
                }
                if argv.iter().any(|a| a.contains("%s")) {
                    for arg in &mut argv {
                        *arg = arg.replace("%s", url);
                    }
                } else {
                    argv.push(url.to_owned());
                }
                Some(argv)
            })
            .collect(),
        None => vec![platform_opener(url)],
    };
    let mut last = fl!("oauth-no-browser");
    for argv in candidates {
        let Some((program, args)) = argv.split_first() else {
            continue;
        };
        match Command::new(program)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
        {
            Ok(mut child) => {
                // Reaped in the background: a browser may run for hours, and
                // the test "browser" fetches our redirect while we wait.
                std::thread::spawn(move || child.wait());
                return Ok(());
            }
            Err(e) => last = format!("{program}: {e}"),
        }
    }
    Err(OAuthError::Browser(last))
}

fn platform_opener(url: &str) -> Vec<String> {
    let argv: &[&str] = if cfg!(target_os = "macos") {
        &["open"]
    } else if cfg!(target_os = "windows") {
        // ShellExecute's handler, without cmd.exe's quoting of '&'.
        &["rundll32", "url.dll,FileProtocolHandler"]
    } else {
        // xdg-open goes through the XDG portal inside Flatpak and Snap.
        &["xdg-open"]
    };
    argv.iter()
        .map(|s| s.to_string())
        .chain([url.to_owned()])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(port: u16, target: &str) -> String {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(stream, "GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
        let mut page = String::new();
        let _ = stream.read_to_string(&mut page);
        page
    }

    #[test]
    fn the_redirect_needs_our_state_and_a_stale_one_changes_nothing() {
        let listener = TcpListener::bind(("127.0.0.1", 0)).unwrap();
        let port = listener.local_addr().unwrap().port();
        let browser = std::thread::spawn(move || {
            // A preconnect that never speaks must not hold up the rest.
            let _idle = TcpStream::connect(("127.0.0.1", port)).unwrap();
            let favicon = get(port, "/favicon.ico");
            let forged = get(port, "/?code=evil&state=other");
            let real = get(port, "/?code=good%2Bcode&state=s1");
            (favicon, forged, real)
        });
        let started = Instant::now();
        let code = wait_for_redirect(&listener, "s1", Instant::now() + Duration::from_secs(10));
        assert!(
            started.elapsed() < REQUEST_LIMIT,
            "waited on the idle socket"
        );
        let (favicon, forged, real) = browser.join().unwrap();
        assert_eq!(code, Ok("good+code".to_owned()));
        assert!(favicon.starts_with("HTTP/1.1 404"), "{favicon}");
        assert!(forged.starts_with("HTTP/1.1 400"), "{forged}");
        assert!(real.starts_with("HTTP/1.1 200"), "{real}");
        assert!(real.contains("close this tab"), "{real}");
    }

    #[test]
    fn a_refusal_in_the_browser_is_reported_and_escaped() {
        let listener = TcpListener::bind(("127.0.0.1", 0)).unwrap();
        let port = listener.local_addr().unwrap().port();
        let browser = std::thread::spawn(move || {
            get(
                port,
                "/?error=access_denied&error_description=%3Cb%3Eno%3C%2Fb%3E&state=s",
            )
        });
        let outcome = wait_for_redirect(&listener, "s", Instant::now() + Duration::from_secs(10));
        let page = browser.join().unwrap();
        assert_eq!(
            outcome,
            Err(OAuthError::Denied("access_denied: <b>no</b>".into()))
        );
        assert!(outcome.unwrap_err().needs_sign_in());
        assert!(page.contains("&lt;b&gt;no&lt;/b&gt;"), "{page}");
    }

    #[test]
    fn no_redirect_in_time_is_a_timeout() {
        let listener = TcpListener::bind(("127.0.0.1", 0)).unwrap();
        let outcome =
            wait_for_redirect(&listener, "s", Instant::now() + Duration::from_millis(200));
        assert_eq!(outcome, Err(OAuthError::TimedOut));
    }

    #[test]
    fn browser_lists_fill_in_the_url_and_fall_through_to_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("seen");
        // Written then renamed, so the file appears complete.
        let script = format!(
            "/nonexistent/browser:sh -c 'echo \"$0\" > {0}.tmp && mv {0}.tmp {0}' %s",
            out.display()
        );
        open_with(Some(&script), "http://127.0.0.1:1/?a=1&b=2").unwrap();
        let deadline = Instant::now() + Duration::from_secs(5);
        while !out.exists() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        assert_eq!(
            std::fs::read_to_string(&out).unwrap(),
            "http://127.0.0.1:1/?a=1&b=2\n"
        );
        assert!(matches!(
            open_with(Some("/nonexistent/one"), "http://x/"),
            Err(OAuthError::Browser(_))
        ));
    }
}
