//! Just enough HTTP/1.1 for `serve`, with every size and wait bounded.
//!
//! A request head (request line and headers) is read under a byte limit and a deadline; GET and
//! HEAD have no body, so none is read. Each connection has its own thread, up to a cap; past it a
//! connection gets `503` at once. A client that stalls only holds its own thread until its
//! deadline.

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// Bounds on what a client may send and how long it may take.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// Longest request line, in bytes (`414` past it).
    pub(crate) request_line: usize,
    /// Longest request head, request line and headers together (`431` past it).
    pub(crate) head: usize,
    /// Most headers.
    pub(crate) headers: usize,
    /// How long a client may take to send a request head once it started.
    pub(crate) head_time: Duration,
    /// How long a kept-alive connection may sit idle between requests.
    pub(crate) idle_time: Duration,
    /// How long a write may block on a client that does not read.
    pub(crate) write_time: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            request_line: 8 * 1024,
            head: 16 * 1024,
            headers: 64,
            head_time: Duration::from_secs(10),
            idle_time: Duration::from_secs(15),
            write_time: Duration::from_secs(10),
        }
    }
}

/// A parsed request head.
#[derive(Debug)]
pub(crate) struct Request {
    pub(crate) method: String,
    /// The request target exactly as sent (not decoded).
    pub(crate) target: Vec<u8>,
    /// `true` for HTTP/1.1 without `Connection: close`.
    pub(crate) keep_alive: bool,
    /// The request announces a body (`Content-Length` above 0 or `Transfer-Encoding`).
    pub(crate) has_body: bool,
    /// The `Host` header, as sent; `None` when there was none.
    pub(crate) host: Option<String>,
}

/// Why no request could be read.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum ReadError {
    /// The client closed the connection, or stayed idle too long: close without an answer.
    Closed,
    /// The client started a request but did not finish it in time.
    TimedOut,
    /// A status to answer with before closing: 400, 414, 431 or 505.
    Status(u16),
}

/// Reads request heads from one connection, keeping bytes that arrive early for the next.
pub(crate) struct Reader {
    buffer: Vec<u8>,
    limits: Limits,
}

impl Reader {
    pub(crate) fn new(limits: Limits) -> Reader {
        Reader {
            buffer: Vec::new(),
            limits,
        }
    }

    /// Reads the next request head.
    pub(crate) fn next(&mut self, stream: &mut TcpStream) -> Result<Request, ReadError> {
        let mut deadline = None;
        let idle_until = Instant::now() + self.limits.idle_time;
        loop {
            if let Some(end) = head_end(&self.buffer) {
                let head: Vec<u8> = self.buffer.drain(..end).collect();
                return parse(&head, &self.limits);
            }
            let line_end = self.buffer.iter().position(|&b| b == b'\n');
            if line_end.unwrap_or(self.buffer.len()) > self.limits.request_line {
                return Err(ReadError::Status(414));
            }
            if self.buffer.len() > self.limits.head {
                return Err(ReadError::Status(431));
            }
            let until = match deadline {
                Some(d) => d,
                None if self.buffer.is_empty() => idle_until,
                None => {
                    let d = Instant::now() + self.limits.head_time;
                    deadline = Some(d);
                    d
                }
            };
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(if self.buffer.is_empty() {
                    ReadError::Closed
                } else {
                    ReadError::TimedOut
                });
            }
            stream
                .set_read_timeout(Some(left))
                .map_err(|_| ReadError::Closed)?;
            let mut chunk = [0u8; 4096];
            match stream.read(&mut chunk) {
                Ok(0) => return Err(ReadError::Closed),
                Ok(n) => {
                    self.buffer.extend_from_slice(&chunk[..n]);
                    if deadline.is_none() {
                        deadline = Some(Instant::now() + self.limits.head_time);
                    }
                }
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                    ) =>
                {
                    continue;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(_) => return Err(ReadError::Closed),
            }
        }
    }
}

/// The end of the head (after the blank line), if it has arrived.
fn head_end(buffer: &[u8]) -> Option<usize> {
    let crlf = buffer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| i + 4);
    let lf = buffer.windows(2).position(|w| w == b"\n\n").map(|i| i + 2);
    match (crlf, lf) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn parse(head: &[u8], limits: &Limits) -> Result<Request, ReadError> {
    let mut lines = head
        .split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l));
    let request_line = lines.next().ok_or(ReadError::Status(400))?;
    if request_line.len() > limits.request_line {
        return Err(ReadError::Status(414));
    }
    let mut parts = request_line.split(|&b| b == b' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(ReadError::Status(400));
    };
    if method.is_empty() || !method.iter().all(u8::is_ascii_uppercase) || target.is_empty() {
        return Err(ReadError::Status(400));
    }
    let http11 = match version {
        b"HTTP/1.1" => true,
        b"HTTP/1.0" => false,
        v if v.starts_with(b"HTTP/") => return Err(ReadError::Status(505)),
        _ => return Err(ReadError::Status(400)),
    };
    let mut keep_alive = http11;
    let mut has_body = false;
    let mut host = None;
    let mut count = 0;
    for line in lines.filter(|l| !l.is_empty()) {
        count += 1;
        if count > limits.headers {
            return Err(ReadError::Status(431));
        }
        let colon = line
            .iter()
            .position(|&b| b == b':')
            .ok_or(ReadError::Status(400))?;
        let name = String::from_utf8_lossy(&line[..colon]).to_ascii_lowercase();
        if name.is_empty() || name.contains(|c: char| c.is_whitespace()) {
            return Err(ReadError::Status(400));
        }
        let value = String::from_utf8_lossy(&line[colon + 1..])
            .trim()
            .to_ascii_lowercase();
        match name.as_str() {
            "connection" if value.contains("close") => keep_alive = false,
            "connection" if value.contains("keep-alive") => keep_alive = true,
            "content-length" => has_body |= value != "0",
            "transfer-encoding" => has_body = true,
            // Two Host headers are a malformed request (RFC 9112, 3.2).
            "host" if host.is_some() => return Err(ReadError::Status(400)),
            "host" => host = Some(value),
            _ => {}
        }
    }
    if http11 && host.is_none() {
        return Err(ReadError::Status(400));
    }
    Ok(Request {
        method: String::from_utf8_lossy(method).into_owned(),
        target: target.to_vec(),
        keep_alive,
        has_body,
        host,
    })
}

/// Whether a request naming `host` may be answered by a server reached at `local`. Only the
/// names of this machine's loopback (`localhost`, `127.0.0.1`, `[::1]`) and the address the
/// server was reached at are answered, with the server's port or none: a web page elsewhere
/// can point a name of its own at 127.0.0.1 (DNS rebinding) and then read the served drafts
/// as its own, but its requests carry its own name, and get `421`.
pub(crate) fn host_allowed(host: Option<&str>, local: std::net::SocketAddr) -> bool {
    // HTTP/1.0 clients may send no Host; they name no other site either.
    let Some(host) = host else {
        return true;
    };
    let host = host.trim().to_ascii_lowercase();
    let (name, port) = match host.rsplit_once(':') {
        Some((name, port))
            if !name.ends_with(':')
                && (name.starts_with('[') == name.ends_with(']'))
                && !port.contains(']') =>
        {
            (name, Some(port))
        }
        _ => (host.as_str(), None),
    };
    if let Some(port) = port
        && port.parse::<u16>() != Ok(local.port())
    {
        return false;
    }
    let bare = name.trim_start_matches('[').trim_end_matches(']');
    let name = bare.strip_suffix('.').unwrap_or(bare);
    if name == "localhost" || name.ends_with(".localhost") {
        return true;
    }
    match name.parse::<std::net::IpAddr>() {
        Ok(ip) => ip.is_loopback() || ip == local.ip(),
        Err(_) => false,
    }
}

/// A response to send.
#[derive(Debug)]
pub(crate) struct Response {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) body: std::sync::Arc<Vec<u8>>,
}

impl Response {
    /// A short plain-text response.
    pub(crate) fn text(status: u16, text: &str) -> Response {
        Response {
            status,
            headers: vec![("Content-Type", "text/plain; charset=utf-8".into())],
            body: std::sync::Arc::new(format!("{text}\n").into_bytes()),
        }
    }
}

/// Writes `response`; the body is left out for HEAD.
pub(crate) fn write(
    stream: &mut TcpStream,
    response: &Response,
    head_only: bool,
    keep_alive: bool,
) -> io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\n",
        response.status,
        reason(response.status)
    );
    for (name, value) in &response.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: {}\r\n\r\n",
        response.body.len(),
        if keep_alive { "keep-alive" } else { "close" }
    ));
    let mut out = head.into_bytes();
    if !head_only {
        out.extend_from_slice(&response.body);
    }
    stream.write_all(&out)?;
    stream.flush()
}

/// The reason phrase of a status.
pub(crate) fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        421 => "Misdirected Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Pins which Host values are answered: loopback names and the address reached, with the
    // server's port or none; any other name (a rebinding attack's), port or form is refused.
    #[test]
    fn only_local_hosts_are_answered() {
        let local: std::net::SocketAddr = "127.0.0.1:1111".parse().unwrap();
        for ok in [
            "127.0.0.1:1111",
            "127.0.0.1",
            "localhost:1111",
            "LOCALHOST",
            "localhost.",
            "app.localhost:1111",
            "[::1]:1111",
            "[::1]",
            "127.0.0.2",
        ] {
            assert!(host_allowed(Some(ok), local), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:1111",
            "127.0.0.1:2222",
            "localhost.evil.example",
            "127.0.0.1.nip.io",
            "",
            "[::1]:x",
            "192.168.1.5:1111",
        ] {
            assert!(!host_allowed(Some(bad), local), "{bad}");
        }
        assert!(host_allowed(None, local));
        let lan: std::net::SocketAddr = "192.168.1.5:1111".parse().unwrap();
        assert!(host_allowed(Some("192.168.1.5:1111"), lan));
    }

    // Pins that HTTP/1.1 needs one Host header, and its value is kept.
    #[test]
    fn host_header_is_read() {
        let limits = Limits::default();
        let r = parse(b"GET / HTTP/1.1\r\nHost: Evil.Example\r\n\r\n", &limits).unwrap();
        assert_eq!(r.host.as_deref(), Some("evil.example"));
        assert_eq!(
            parse(b"GET / HTTP/1.1\r\n\r\n", &limits).unwrap_err(),
            ReadError::Status(400)
        );
        assert_eq!(
            parse(b"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", &limits).unwrap_err(),
            ReadError::Status(400)
        );
        assert_eq!(
            parse(b"GET / HTTP/1.0\r\n\r\n", &limits).unwrap().host,
            None
        );
    }

    // Pins head parsing: method, raw target, keep-alive by version and Connection header.
    #[test]
    fn parses_heads() {
        let limits = Limits::default();
        let r = parse(b"GET /a%2e HTTP/1.1\r\nHost: x\r\n\r\n", &limits).unwrap();
        assert_eq!(r.method, "GET");
        assert_eq!(r.target, b"/a%2e");
        assert!(r.keep_alive);
        let r = parse(b"HEAD / HTTP/1.0\r\n\r\n", &limits).unwrap();
        assert!(!r.keep_alive);
        assert_eq!(
            parse(b"GET / HTTP/2.0\r\n\r\n", &limits).unwrap_err(),
            ReadError::Status(505)
        );
        assert_eq!(
            parse(b"GET  / HTTP/1.1\r\n\r\n", &limits).unwrap_err(),
            ReadError::Status(400)
        );
        assert_eq!(
            parse(b"GET / HTTP/1.1\r\nno colon\r\n\r\n", &limits).unwrap_err(),
            ReadError::Status(400)
        );
    }
}
