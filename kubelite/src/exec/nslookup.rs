//! busybox `nslookup NAME [SERVER]`, in the layout of the busybox releases Kubernetes' DNS
//! debugging guide recommends (1.28): server and answers with their reverse names.

use std::net::Ipv4Addr;

use super::Output;
use crate::Cluster;
use crate::net::Origin;
use crate::net::dns::{Record, RecordType};

/// The reverse name of an address, when cluster DNS has one (Services' ClusterIPs).
fn reverse(cluster: &Cluster, origin: &Origin, ip: Ipv4Addr) -> Option<String> {
    let [a, b, c, d] = ip.octets();
    let lookup = cluster
        .resolve_type(
            origin.clone(),
            &format!("{d}.{c}.{b}.{a}.in-addr.arpa."),
            RecordType::Ptr,
        )
        .ok()?;
    lookup.records().iter().find_map(|r| match r {
        Record::Ptr(name) => Some(name.trim_end_matches('.').to_owned()),
        _ => None,
    })
}

fn address_line(n: usize, ip: Ipv4Addr, name: Option<String>) -> String {
    match name {
        Some(name) => format!("Address {n}: {ip} {name}\n"),
        None => format!("Address {n}: {ip}\n"),
    }
}

pub(super) fn run(cluster: &Cluster, origin: Origin, args: &[String]) -> Output {
    let names: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let Some(name) = names.first() else {
        return Output::failed(
            1,
            "BusyBox v1.28.4 (2018-05-22 17:00:17 UTC) multi-call binary.\n\nUsage: nslookup [HOST] [SERVER]\n\nQuery the nameserver for the IP address of the given HOST\noptionally using a specified DNS server\n".into(),
        );
    };
    let server: Ipv4Addr = names
        .get(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(crate::net::dns::NAMESERVER);
    let mut out = Output::ok(format!(
        "Server:    {server}\n{}\n",
        address_line(1, server, reverse(cluster, &origin, server)).trim_end()
    ));
    out.stdout.push('\n');
    if let Ok(ip) = name.parse::<Ipv4Addr>() {
        out.stdout.push_str(&format!(
            "Name:      {ip}\n{}",
            address_line(1, ip, reverse(cluster, &origin, ip))
        ));
        return out;
    }
    match cluster.resolve(origin.clone(), name) {
        Ok(lookup) => {
            out.stdout.push_str(&format!("Name:      {name}\n"));
            let ips: Vec<Ipv4Addr> = lookup
                .records()
                .iter()
                .filter_map(|r| match r {
                    Record::A(ip) => Some(*ip),
                    _ => None,
                })
                .collect();
            for (i, ip) in ips.into_iter().enumerate() {
                out.stdout
                    .push_str(&address_line(i + 1, ip, reverse(cluster, &origin, ip)));
            }
            out
        }
        Err(_) => {
            out.status = 1;
            out.stderr = format!("nslookup: can't resolve '{name}'\n");
            out
        }
    }
}
