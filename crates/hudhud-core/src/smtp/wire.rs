//! The bytes on the wire: one TCP connection, plain or TLS, with replies read
//! under hard limits so that no server can make us hold more than a few
//! kilobytes per reply, and no call can wait longer than it is given.

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use rustls::pki_types::ServerName;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::client::TlsStream;

/// Longest reply line we accept, CRLF included. RFC 5321 4.5.3.1.5 says 512;
/// real servers send longer EHLO and error lines, so we allow a few KB.
pub const MAX_LINE: usize = 4096;
/// Most lines in one multi-line reply (a long EHLO has about 20).
pub const MAX_REPLY_LINES: usize = 100;
/// Most bytes in one multi-line reply.
pub const MAX_REPLY_BYTES: usize = 64 * 1024;

/// Why a read or write did not give what we wanted.
#[derive(Debug)]
pub enum WireError {
    Io(io::Error),
    /// The server closed the connection.
    Closed,
    Timeout,
    /// The server's bytes are not an SMTP reply (too long, no code, ...).
    Malformed(String),
}

impl WireError {
    /// The rustls error behind an I/O error, if TLS failed.
    pub fn tls(&self) -> Option<&rustls::Error> {
        match self {
            WireError::Io(e) => e.get_ref().and_then(|inner| inner.downcast_ref()),
            _ => None,
        }
    }
}

impl std::fmt::Display for WireError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WireError::Io(e) => write!(f, "{e}"),
            WireError::Closed => f.write_str("connection closed"),
            WireError::Timeout => f.write_str("timeout"),
            WireError::Malformed(reason) => f.write_str(reason),
        }
    }
}

/// A reply as it came: the code and each line as received (without CRLF).
#[derive(Debug, Clone)]
pub struct RawReply {
    pub code: u16,
    /// The text of each line after the code and separator.
    pub texts: Vec<String>,
    /// Each line whole, for the transcript.
    pub lines: Vec<String>,
}

enum Stream {
    Plain(TcpStream),
    Tls(Box<TlsStream<TcpStream>>),
}

impl AsyncRead for Stream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_read(cx, buf),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for Stream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_write(cx, buf),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_write(cx, buf),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_flush(cx),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_shutdown(cx),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_shutdown(cx),
        }
    }
}

/// One connection and the bytes read from it but not yet used.
pub struct Wire {
    stream: Option<Stream>,
    buffer: Vec<u8>,
    /// Bytes received since the connection opened (to tell a silent server
    /// from one that said something we could not read).
    received: usize,
}

impl Wire {
    pub fn new(tcp: TcpStream) -> Wire {
        // Every write we make is a whole command or the end of the message:
        // there is nothing for Nagle's algorithm to gather, only delay.
        let _ = tcp.set_nodelay(true);
        Wire {
            stream: Some(Stream::Plain(tcp)),
            buffer: Vec::new(),
            received: 0,
        }
    }

    pub fn is_encrypted(&self) -> bool {
        matches!(self.stream, Some(Stream::Tls(_)))
    }

    pub fn received(&self) -> usize {
        self.received
    }

    pub fn local_addr(&self) -> Option<std::net::SocketAddr> {
        match self.stream.as_ref()? {
            Stream::Plain(s) => s.local_addr().ok(),
            Stream::Tls(s) => s.get_ref().0.local_addr().ok(),
        }
    }

    /// Bytes the server sent that we have not read as a reply yet.
    pub fn has_unread(&self) -> bool {
        !self.buffer.is_empty()
    }

    /// The TLS version and cipher, once encrypted.
    pub fn tls_summary(&self) -> Option<String> {
        let Some(Stream::Tls(s)) = &self.stream else {
            return None;
        };
        let conn = s.get_ref().1;
        let version = conn.protocol_version().map(|v| format!("{v:?}"));
        let suite = conn
            .negotiated_cipher_suite()
            .map(|c| format!("{:?}", c.suite()));
        Some(
            [version, suite]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", "),
        )
    }

    /// Runs the TLS handshake over the (plain) connection.
    pub async fn start_tls(
        &mut self,
        config: Arc<rustls::ClientConfig>,
        host: &str,
        limit: Duration,
    ) -> Result<(), WireError> {
        let Some(Stream::Plain(tcp)) = self.stream.take() else {
            return Err(WireError::Closed);
        };
        // Plain bytes that arrived before the handshake must not be read as
        // if they came encrypted (the STARTTLS injection attack).
        self.buffer.clear();
        let name = ServerName::try_from(host.to_owned()).map_err(|e| {
            WireError::Io(io::Error::new(io::ErrorKind::InvalidInput, e.to_string()))
        })?;
        let connector = TlsConnector::from(config);
        match tokio::time::timeout(limit, connector.connect(name, tcp)).await {
            Err(_) => Err(WireError::Timeout),
            Ok(Err(e)) => Err(WireError::Io(e)),
            Ok(Ok(tls)) => {
                self.stream = Some(Stream::Tls(Box::new(tls)));
                Ok(())
            }
        }
    }

    /// Writes all of `bytes` and flushes them to the socket.
    pub async fn write(&mut self, bytes: &[u8], limit: Duration) -> Result<(), WireError> {
        let stream = self.stream.as_mut().ok_or(WireError::Closed)?;
        let write = async {
            stream.write_all(bytes).await?;
            stream.flush().await
        };
        match tokio::time::timeout(limit, write).await {
            Err(_) => Err(WireError::Timeout),
            Ok(Err(e)) => Err(WireError::Io(e)),
            Ok(Ok(())) => Ok(()),
        }
    }

    /// Reads one whole reply; `limit` bounds the wait for all of it.
    pub async fn read_reply(&mut self, limit: Duration) -> Result<RawReply, WireError> {
        match tokio::time::timeout(limit, self.read_reply_untimed()).await {
            Err(_) => Err(WireError::Timeout),
            Ok(result) => result,
        }
    }

    async fn read_reply_untimed(&mut self) -> Result<RawReply, WireError> {
        let mut reply = RawReply {
            code: 0,
            texts: Vec::new(),
            lines: Vec::new(),
        };
        let mut total = 0;
        loop {
            let line = self.read_line().await?;
            total += line.len() + 2;
            if reply.lines.len() >= MAX_REPLY_LINES || total > MAX_REPLY_BYTES {
                return Err(WireError::Malformed(format!(
                    "reply longer than {MAX_REPLY_LINES} lines or {MAX_REPLY_BYTES} bytes"
                )));
            }
            let (code, last, text) = parse_line(&line)?;
            if reply.lines.is_empty() {
                reply.code = code;
            } else if code != reply.code {
                return Err(WireError::Malformed(format!(
                    "reply lines with different codes ({} and {code})",
                    reply.code
                )));
            }
            reply.texts.push(text);
            reply.lines.push(printable(&line));
            if last {
                return Ok(reply);
            }
        }
    }

    /// One line without its CRLF; never more than `MAX_LINE` bytes held.
    async fn read_line(&mut self) -> Result<Vec<u8>, WireError> {
        let mut scanned = 0;
        loop {
            if let Some(at) = self.buffer[scanned..].iter().position(|&b| b == b'\n') {
                let end = scanned + at;
                let mut line: Vec<u8> = self.buffer.drain(..=end).collect();
                line.pop();
                if line.last() == Some(&b'\r') {
                    line.pop();
                }
                return Ok(line);
            }
            scanned = self.buffer.len();
            if scanned >= MAX_LINE {
                return Err(WireError::Malformed(format!(
                    "reply line longer than {MAX_LINE} bytes"
                )));
            }
            let stream = self.stream.as_mut().ok_or(WireError::Closed)?;
            let mut chunk = [0u8; 1024];
            let room = (MAX_LINE - scanned).min(chunk.len());
            let n = stream
                .read(&mut chunk[..room])
                .await
                .map_err(WireError::Io)?;
            if n == 0 {
                return Err(WireError::Closed);
            }
            self.received += n;
            self.buffer.extend_from_slice(&chunk[..n]);
        }
    }

    /// Closes politely (TLS close_notify), within `limit`.
    pub async fn shutdown(&mut self, limit: Duration) {
        if let Some(stream) = self.stream.as_mut() {
            let _ = tokio::time::timeout(limit, stream.shutdown()).await;
        }
        self.stream = None;
    }
}

/// Splits "250-text" / "250 text" / "250" into code, last-line flag and text.
fn parse_line(line: &[u8]) -> Result<(u16, bool, String), WireError> {
    let bad = || {
        WireError::Malformed(format!(
            "not an SMTP reply: {:?}",
            printable(&line[..line.len().min(80)])
        ))
    };
    if line.len() < 3
        || !line[..3].iter().all(u8::is_ascii_digit)
        || !(b'2'..=b'5').contains(&line[0])
    {
        return Err(bad());
    }
    let code = line[..3]
        .iter()
        .fold(0u16, |n, d| n * 10 + u16::from(d - b'0'));
    let (last, text) = match line.get(3) {
        None => (true, &[][..]),
        Some(b' ') => (true, &line[4..]),
        Some(b'-') => (false, &line[4..]),
        Some(_) => return Err(bad()),
    };
    Ok((code, last, printable(text)))
}

/// Server text as we show it: lossy UTF-8, control characters (a terminal
/// escape in a transcript printed to stderr) replaced.
fn printable(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes)
        .chars()
        .map(|c| {
            if c.is_control() && c != '\t' {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reply_lines_parse() {
        assert_eq!(
            parse_line(b"250-SIZE 10").unwrap(),
            (250, false, "SIZE 10".into())
        );
        assert_eq!(parse_line(b"250 ok").unwrap(), (250, true, "ok".into()));
        assert_eq!(parse_line(b"221").unwrap(), (221, true, String::new()));
        for bad in [&b"25"[..], b"abc ok", b"250x", b"650 no", b"\x16\x03\x01"] {
            assert!(parse_line(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn control_characters_do_not_reach_the_terminal() {
        assert_eq!(printable(b"a\x1b[31mb"), "a\u{FFFD}[31mb");
    }
}
