//! What `minikube tunnel` does to the cluster: every LoadBalancer Service without an
//! ingress gets one, at its own ClusterIP (the route the tunnel installs on the host points
//! the service CIDR at the node).

use crate::Cluster;
use crate::api::service::{LoadBalancerIngress, LoadBalancerStatus, ServiceType};
use crate::api::{Kind, Object};
use crate::cluster::ObjectKey;

impl Cluster {
    /// Gives every LoadBalancer Service still `<pending>` its ClusterIP as ingress IP;
    /// returns the names of the Services it now routes to, in store order.
    pub(crate) fn assign_tunnel_ips(&self) -> Vec<String> {
        self.write(|s| {
            let pending: Vec<(ObjectKey, String)> = s
                .store
                .list(Kind::Service, None)
                .filter_map(|(key, o)| match o {
                    Object::Service(svc)
                        if svc.spec.service_type() == Some(ServiceType::LoadBalancer) =>
                    {
                        let ip = svc.spec.cluster_ip.clone()?;
                        Some((key.clone(), ip))
                    }
                    _ => None,
                })
                .collect();
            let mut names = Vec::new();
            for (key, ip) in pending {
                s.modify_status(&key, |o| {
                    let Object::Service(svc) = o else {
                        return false;
                    };
                    let status = svc.status.get_or_insert_with(Default::default);
                    let lb = status
                        .load_balancer
                        .get_or_insert_with(LoadBalancerStatus::default);
                    if lb
                        .ingress
                        .iter()
                        .any(|i| i.ip.as_deref() == Some(ip.as_str()))
                    {
                        return false;
                    }
                    lb.ingress = vec![LoadBalancerIngress {
                        ip: Some(ip.clone()),
                        ip_mode: Some("VIP".into()),
                        ..LoadBalancerIngress::default()
                    }];
                    true
                });
                names.push(key.name.to_string());
            }
            Ok(names)
        })
        .unwrap_or_default()
    }
}
