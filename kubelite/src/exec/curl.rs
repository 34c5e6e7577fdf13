//! `curl` (on the host and in curl-carrying images): `-s`, `-S`, `-i`, `-I`, `-v`, `-o`,
//! `-f`, `-m/--max-time`, `--connect-timeout`, `-X`, `-H`, `-d`, `-L` (accepted), `-k`.

use std::time::Duration;

use super::Output;
use crate::Cluster;
use crate::net::{Hop, NetErrorKind, Origin, Request, Response};

#[derive(Default)]
struct Options {
    url: Option<String>,
    silent: bool,
    show_error: bool,
    include: bool,
    head: bool,
    verbose: bool,
    discard_body: bool,
    fail: bool,
    max_time: Option<f64>,
    method: Option<String>,
    headers: Vec<(String, String)>,
    data: Option<String>,
    write_out: Option<String>,
}

fn parse(args: &[String]) -> Result<Options, Output> {
    let mut o = Options::default();
    let mut i = 0;
    while let Some(arg) = args.get(i) {
        let value = |i: &mut usize| {
            *i += 1;
            args.get(*i).cloned().ok_or_else(|| {
                Output::failed(
                    2,
                    format!("curl: option {arg}: requires parameter\ncurl: try 'curl --help' or 'curl --manual' for more information\n"),
                )
            })
        };
        match arg.as_str() {
            "-s" | "--silent" => o.silent = true,
            "-S" | "--show-error" => o.show_error = true,
            "-sS" | "-Ss" => {
                o.silent = true;
                o.show_error = true;
            }
            "-i" | "--include" => o.include = true,
            "-I" | "--head" => o.head = true,
            "-v" | "--verbose" => o.verbose = true,
            "-f" | "--fail" => o.fail = true,
            "-L" | "--location" | "-k" | "--insecure" => {}
            "-sv" | "-vs" => {
                o.silent = true;
                o.verbose = true;
            }
            "-si" | "-is" => {
                o.silent = true;
                o.include = true;
            }
            "-o" | "--output" => {
                value(&mut i)?;
                o.discard_body = true;
            }
            "-m" | "--max-time" | "--connect-timeout" => {
                let v = value(&mut i)?;
                match v.parse::<f64>() {
                    Ok(secs) if secs.is_finite() && secs >= 0.0 => o.max_time = Some(secs),
                    _ => {
                        return Err(Output::failed(
                            2,
                            format!(
                                "curl: option {arg}: expected a proper numerical parameter\ncurl: try 'curl --help' or 'curl --manual' for more information\n"
                            ),
                        ));
                    }
                }
            }
            "-X" | "--request" => o.method = Some(value(&mut i)?),
            "-w" | "--write-out" => o.write_out = Some(value(&mut i)?),
            "-H" | "--header" => {
                let h = value(&mut i)?;
                if let Some((k, v)) = h.split_once(':') {
                    o.headers.push((k.trim().to_owned(), v.trim().to_owned()));
                }
            }
            "-d" | "--data" | "--data-raw" | "--data-binary" => o.data = Some(value(&mut i)?),
            s if s.starts_with('-') && s.len() > 1 => {
                return Err(Output::failed(
                    2,
                    format!(
                        "curl: option {s}: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n"
                    ),
                ));
            }
            _ => o.url = Some(arg.clone()),
        }
        i += 1;
    }
    Ok(o)
}

/// Runs curl from `origin`.
pub(super) fn run(cluster: &Cluster, origin: Origin, args: &[String]) -> Output {
    let o = match parse(args) {
        Ok(o) => o,
        Err(e) => return e,
    };
    let Some(raw_url) = o.url.clone() else {
        return Output::failed(
            2,
            "curl: no URL specified!\ncurl: try 'curl --help' or 'curl --manual' for more information\n".into(),
        );
    };
    // curl guesses http:// for a URL without a scheme.
    let url = if raw_url.contains("://") {
        raw_url
    } else {
        format!("http://{raw_url}")
    };
    let method = o.method.clone().unwrap_or_else(|| {
        if o.head {
            "HEAD".into()
        } else if o.data.is_some() {
            "POST".into()
        } else {
            "GET".into()
        }
    });
    let mut request = Request::new(method.clone(), url.clone());
    if let Some(data) = &o.data {
        request = request
            .header("content-type", "application/x-www-form-urlencoded")
            .body(data.clone());
    }
    for (k, v) in &o.headers {
        request = request.header(k, v.clone());
    }
    match cluster.send(origin, &request) {
        Ok(response) => respond(&o, &method, &url, &request, &response),
        Err(e) => {
            let mut message = e.curl_message();
            if e.kind() == NetErrorKind::Timeout
                && let Some(secs) = o.max_time
            {
                message = format!(
                    "curl: (28) Connection timed out after {} milliseconds",
                    (secs * 1000.0).round() as u64 + 1
                );
                cluster.advance(Duration::from_secs_f64(secs.min(1e6)));
            } else if e.kind() == NetErrorKind::Timeout {
                cluster.advance(Duration::from_secs(10));
            }
            let mut out = Output::failed(e.curl_exit_code(), String::new());
            if o.verbose {
                out.stderr.push_str(&verbose_failure(&e));
            }
            if !o.silent || o.show_error {
                out.stderr.push_str(&message);
                out.stderr.push('\n');
            }
            out
        }
    }
}

fn status_line(response: &Response) -> String {
    format!("HTTP/1.1 {} {}", response.status(), response.reason())
}

fn respond(o: &Options, method: &str, url: &str, request: &Request, response: &Response) -> Output {
    let mut out = Output::default();
    if o.verbose {
        let (host, port) = host_port(url);
        let address = response
            .trace()
            .hops()
            .iter()
            .find_map(|h| match h {
                Hop::Connect { to, .. } => to.rsplit_once(':').map(|(ip, _)| ip.to_owned()),
                _ => None,
            })
            .unwrap_or_else(|| host.clone());
        out.stderr.push_str(&format!(
            "*   Trying {address}:{port}...\n* Connected to {host} ({address}) port {port} (#0)\n> {method} {} HTTP/1.1\n> Host: {}\n",
            path_of(url),
            authority(url)
        ));
        for (k, v) in request.headers() {
            out.stderr.push_str(&format!("> {}: {v}\n", title_case(k)));
        }
        out.stderr.push_str(">\n");
        out.stderr
            .push_str(&format!("< {}\n", status_line(response)));
        for (k, v) in response.headers() {
            out.stderr.push_str(&format!("< {}: {v}\n", title_case(k)));
        }
        out.stderr.push_str("<\n");
    }
    if o.fail && response.status() >= 400 {
        out.status = 22;
        if !o.silent || o.show_error {
            out.stderr.push_str(&format!(
                "curl: (22) The requested URL returned error: {}\n",
                response.status()
            ));
        }
        return out;
    }
    let head = out.stderr.clone();
    if o.include || o.head {
        out.stdout.push_str(&status_line(response));
        out.stdout.push('\n');
        for (k, v) in response.headers() {
            out.stdout.push_str(&format!("{}: {v}\n", title_case(k)));
        }
        out.stdout.push('\n');
    }
    if !o.head && !o.discard_body {
        out.stdout.push_str(response.body());
    }
    if let Some(format) = &o.write_out {
        out.stdout.push_str(&write_out(format, response));
    }
    if o.verbose {
        let (host, _) = host_port(url);
        let tail = format!("* Connection #0 to host {host} left intact\n");
        out.stderr.push_str(&tail);
        let mut body = out.stdout.clone();
        if !body.is_empty() && !body.ends_with('\n') {
            body.push('\n');
        }
        out.interleaved = Some(format!("{head}{body}{tail}"));
    }
    out
}

fn verbose_failure(e: &crate::net::NetError) -> String {
    match e.address() {
        Some(ip) => format!("*   Trying {ip}:{}...\n", e.port()),
        None => String::new(),
    }
}

/// `Host` as curl sends it: the URL's authority.
fn authority(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split('/').next().unwrap_or(rest).to_owned()
}

fn path_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    match rest.find('/') {
        Some(i) => rest.get(i..).unwrap_or("/").to_owned(),
        None => "/".to_owned(),
    }
}

fn host_port(url: &str) -> (String, u16) {
    let auth = authority(url);
    match auth.rsplit_once(':') {
        Some((h, p)) => (h.to_owned(), p.parse().unwrap_or(80)),
        None => (auth, if url.starts_with("https") { 443 } else { 80 }),
    }
}

/// `user-agent` → `User-Agent`, as curl writes its request headers.
fn title_case(name: &str) -> String {
    name.split('-')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join("-")
}

/// `-w/--write-out`: the variables a learner uses, and curl's `\n`/`\t` escapes.
fn write_out(format: &str, response: &Response) -> String {
    let address = response
        .trace()
        .hops()
        .iter()
        .find_map(|h| match h {
            Hop::Connect { to, .. } => to.rsplit_once(':').map(|(ip, _)| ip.to_owned()),
            _ => None,
        })
        .unwrap_or_default();
    format
        .replace("%{http_code}", &response.status().to_string())
        .replace("%{response_code}", &response.status().to_string())
        .replace("%{size_download}", &response.body().len().to_string())
        .replace("%{remote_ip}", &address)
        .replace("\\n", "\n")
        .replace("\\t", "\t")
}
