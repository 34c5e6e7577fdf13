//! `ping`: busybox's in a pod, iputils' on the host. Pods and nodes answer; a ClusterIP
//! answers only under IPVS (kube-proxy binds ClusterIPs to a dummy interface there), never
//! under iptables or nftables, where nothing but the DNAT rules know the address.

use std::net::Ipv4Addr;
use std::time::Duration;

use super::Output;
use crate::Cluster;
use crate::api::{Pod, Service};
use crate::net::{Origin, ProxyMode};

/// Round-trip times reported for answered packets: fixed, so transcripts are reproducible.
const RTT_MS: [f64; 4] = [0.071, 0.085, 0.079, 0.092];
/// Packets sent when no `-c` is given, standing in for the user's Ctrl-C.
const INTERRUPT_AFTER: usize = 4;

fn answers(cluster: &Cluster, from_host: bool, ip: Ipv4Addr) -> bool {
    if cluster.node_ips().iter().any(|(_, n)| *n == ip) {
        return true;
    }
    if from_host {
        return false;
    }
    let text = ip.to_string();
    let pods: Vec<Pod> = cluster.list(None, "").unwrap_or_default();
    if pods.iter().any(|p| {
        p.status.pod_ip.as_deref() == Some(text.as_str())
            && p.status.phase.as_deref() == Some("Running")
    }) {
        return true;
    }
    let ipvs = matches!(cluster.config().proxy_mode_value(), ProxyMode::Ipvs(_));
    let services: Vec<Service> = cluster.list(None, "").unwrap_or_default();
    ipvs && services
        .iter()
        .any(|s| s.spec.cluster_ip.as_deref() == Some(text.as_str()))
}

pub(super) fn run(cluster: &Cluster, origin: Origin, args: &[String]) -> Output {
    let from_host = matches!(origin, Origin::Host);
    let mut count: Option<usize> = None;
    let mut target = None;
    let mut i = 0;
    while let Some(a) = args.get(i) {
        if a == "-c" {
            i += 1;
            count = args.get(i).and_then(|c| c.parse().ok());
        } else if let Some(c) = a.strip_prefix("-c") {
            count = c.parse().ok();
        } else if !a.starts_with('-') {
            target = Some(a.clone());
        }
        i += 1;
    }
    let Some(target) = target else {
        return if from_host {
            Output::failed(
                2,
                "ping: usage error: Destination address required\n".into(),
            )
        } else {
            Output::failed(1, "BusyBox v1.28.4 (2018-05-22 17:00:17 UTC) multi-call binary.\n\nUsage: ping [OPTIONS] HOST\n".into())
        };
    };
    let ip = match target.parse::<Ipv4Addr>() {
        Ok(ip) => ip,
        Err(_) if from_host => {
            return Output::failed(2, format!("ping: {target}: Name or service not known\n"));
        }
        Err(_) => match cluster
            .resolve(origin.clone(), &target)
            .ok()
            .and_then(|l| l.first_ip())
        {
            Some(ip) => ip,
            None => return Output::failed(1, format!("ping: bad address '{target}'\n")),
        },
    };
    let replies = answers(cluster, from_host, ip);
    let sent = count.unwrap_or(INTERRUPT_AFTER).max(1);
    cluster.advance(Duration::from_secs(sent as u64));
    let received = if replies { sent } else { 0 };
    let loss = if replies { 0 } else { 100 };
    let times: Vec<f64> = RTT_MS.iter().copied().cycle().take(received).collect();
    let (min, max) = times
        .iter()
        .fold((f64::MAX, 0.0f64), |(lo, hi), t| (lo.min(*t), hi.max(*t)));
    let avg = times.iter().sum::<f64>() / times.len().max(1) as f64;
    let mut out = Output::default();
    let interrupted = if count.is_none() { "^C\n" } else { "" };
    if from_host {
        out.stdout = format!("PING {target} ({ip}) 56(84) bytes of data.\n");
        for (n, t) in times.iter().enumerate() {
            out.stdout.push_str(&format!(
                "64 bytes from {ip}: icmp_seq={} ttl=64 time={t:.3} ms\n",
                n + 1
            ));
        }
        out.stdout.push_str(interrupted);
        out.stdout.push_str(&format!(
            "\n--- {target} ping statistics ---\n{sent} packets transmitted, {received} received, {loss}% packet loss, time {}ms\n",
            (sent - 1) * 1000
        ));
        if replies {
            let mdev =
                (times.iter().map(|t| (t - avg).powi(2)).sum::<f64>() / times.len() as f64).sqrt();
            out.stdout.push_str(&format!(
                "rtt min/avg/max/mdev = {min:.3}/{avg:.3}/{max:.3}/{mdev:.3} ms\n"
            ));
        }
    } else {
        out.stdout = format!("PING {target} ({ip}): 56 data bytes\n");
        for (n, t) in times.iter().enumerate() {
            out.stdout.push_str(&format!(
                "64 bytes from {ip}: seq={n} ttl=64 time={t:.3} ms\n"
            ));
        }
        out.stdout.push_str(interrupted);
        out.stdout.push_str(&format!(
            "\n--- {target} ping statistics ---\n{sent} packets transmitted, {received} packets received, {loss}% packet loss\n"
        ));
        if replies {
            out.stdout.push_str(&format!(
                "round-trip min/avg/max = {min:.3}/{avg:.3}/{max:.3} ms\n"
            ));
        }
    }
    out.status = if replies { 0 } else { 1 };
    out
}
