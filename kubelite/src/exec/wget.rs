//! busybox `wget`: `-q`, `-O FILE` / `-O-`, `-T SECONDS`, `-S` (accepted), with busybox's
//! messages.

use std::time::Duration;

use super::Output;
use crate::Cluster;
use crate::net::{NetErrorKind, Origin, Request};

pub(super) fn run(cluster: &Cluster, origin: Origin, args: &[String]) -> Output {
    let mut quiet = false;
    let mut to_stdout = false;
    let mut timeout: Option<f64> = None;
    let mut url = None;
    let mut i = 0;
    while let Some(arg) = args.get(i) {
        match arg.as_str() {
            "-q" => quiet = true,
            "-qO-" => {
                quiet = true;
                to_stdout = true;
            }
            "-qO" => {
                quiet = true;
                i += 1;
                to_stdout = args.get(i).is_some_and(|f| f == "-");
            }
            "-O-" => to_stdout = true,
            "-O" => {
                i += 1;
                to_stdout = args.get(i).is_some_and(|f| f == "-");
            }
            "-T" => {
                i += 1;
                timeout = args.get(i).and_then(|t| t.parse().ok());
            }
            "-S" | "--spider" => {}
            s if s.starts_with('-') => {
                return Output::failed(
                    1,
                    format!("wget: unrecognized option '{s}'\nBusyBox wget: try 'wget --help'\n"),
                );
            }
            _ => url = Some(arg.clone()),
        }
        i += 1;
    }
    let Some(url) = url else {
        return Output::failed(1, "BusyBox wget: missing URL\n".into());
    };
    let url = if url.contains("://") {
        url
    } else {
        format!("http://{url}")
    };
    let authority = url
        .split_once("://")
        .map_or(url.as_str(), |(_, r)| r)
        .split('/')
        .next()
        .unwrap_or_default()
        .to_owned();
    let mut out = Output::default();
    match cluster.send(
        origin,
        &Request::get(url.clone()).header("user-agent", "Wget"),
    ) {
        Ok(response) => {
            if !quiet {
                let address = response
                    .trace()
                    .hops()
                    .iter()
                    .find_map(|h| match h {
                        crate::net::Hop::Connect { to, .. } => Some(to.clone()),
                        _ => None,
                    })
                    .unwrap_or_else(|| authority.clone());
                out.stderr
                    .push_str(&format!("Connecting to {authority} ({address})\n"));
            }
            if response.status() >= 400 {
                out.stderr.push_str(&format!(
                    "wget: server returned error: HTTP/1.1 {} {}\n",
                    response.status(),
                    response.reason()
                ));
                out.status = 1;
                return out;
            }
            if to_stdout {
                out.stdout.push_str(response.body());
                if !quiet {
                    let mut body = out.stdout.clone();
                    if !body.ends_with('\n') {
                        body.push('\n');
                    }
                    out.interleaved = Some(format!(
                        "{}writing to stdout\n{body}written to stdout\n",
                        out.stderr
                    ));
                    out.stderr
                        .push_str("writing to stdout\nwritten to stdout\n");
                }
            } else if !quiet {
                out.stderr.push_str(&format!(
                    "saving to 'index.html'\nindex.html           100% |********************************|   {}  0:00:00 ETA\n'index.html' saved\n",
                    response.body().len()
                ));
            }
            out
        }
        Err(e) => {
            out.status = 1;
            let host = authority.split(':').next().unwrap_or_default().to_owned();
            out.stderr.push_str(&match e.kind() {
                NetErrorKind::CouldNotResolve => format!("wget: bad address '{authority}'\n"),
                NetErrorKind::ConnectionRefused => format!(
                    "wget: can't connect to remote host ({}): Connection refused\n",
                    e.address().map_or(host, |ip| ip.to_string())
                ),
                NetErrorKind::Timeout => {
                    let secs = timeout.unwrap_or(900.0);
                    if secs.is_finite() && secs > 0.0 {
                        cluster.advance(Duration::from_secs_f64(secs.min(1e6)));
                    }
                    "wget: download timed out\n".to_owned()
                }
                _ => format!("wget: {}\n", e.message()),
            });
            out
        }
    }
}
