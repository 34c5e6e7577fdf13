//! The cluster's state and its write primitives. Every write goes through
//! [`State::insert_new`], [`State::put`] or [`State::remove`], which keep the indexes, the
//! resource versions and the watch events in step and queue the controllers it affects.

use std::collections::{BTreeMap, VecDeque};

use crate::cluster::fast_hash::{FastMap, FastSet};
use std::net::Ipv4Addr;
use std::sync::Arc;
use std::time::Duration;

use super::alloc::{ClusterIpAllocator, NodePortAllocator};
use super::cidr::Ipv4Cidr;
use super::clock::Clock;
use super::config::ClusterConfig;
use super::index::Index;
use super::rng::Rng;
use super::store::{ObjectKey, Store};
use super::watch::EventType;
use crate::api::{Kind, Object};
use crate::meta::Time;

/// A node as the runtime sees it: its address and its pod address pool.
#[derive(Clone, Debug)]
pub(crate) struct NodeRuntime {
    pub(crate) name: String,
    pub(crate) ip: Ipv4Addr,
    pub(crate) zone: Option<String>,
    pub(crate) pod_cidr: Ipv4Cidr,
    /// host-local IPAM hands addresses out in order and carries on after the last one it
    /// gave, so a freed address is not reused at once.
    pub(crate) next_ip: u64,
    pub(crate) ips_in_use: FastSet<Ipv4Addr>,
}

impl NodeRuntime {
    /// The next free pod address after the last one handed out (gateway `.1`, network and
    /// broadcast excluded), wrapping around once.
    pub(crate) fn allocate_ip(&mut self) -> Option<Ipv4Addr> {
        let size = self.pod_cidr.size();
        if size < 4 {
            return None;
        }
        let usable = size - 3; // offsets 2 ..= size-2
        for _ in 0..usable {
            let offset = 2 + (self.next_ip % usable);
            self.next_ip = (self.next_ip + 1) % usable;
            let ip = self.pod_cidr.nth(offset)?;
            if self.ips_in_use.insert(ip) {
                return Some(ip);
            }
        }
        None
    }

    pub(crate) fn reserve_ip(&mut self, ip: Ipv4Addr) -> bool {
        self.pod_cidr.contains(ip) && self.ips_in_use.insert(ip)
    }

    pub(crate) fn release_ip(&mut self, ip: Ipv4Addr) {
        self.ips_in_use.remove(&ip);
    }
}

/// Work for a controller, queued by writes and run until the cluster settles.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Work {
    /// Reconcile a Deployment.
    Deployment(Arc<str>, Arc<str>),
    /// Reconcile a ReplicaSet.
    ReplicaSet(Arc<str>, Arc<str>),
    /// Recompute a Service's endpoints.
    Endpoints(Arc<str>, Arc<str>),
    /// Bring one pod's entry in a Service's endpoints up to date: (namespace, service, pod).
    PodEndpoints(Arc<str>, Arc<str>, Arc<str>),
    /// Start a scheduled pod (kubelet).
    StartPod(Arc<str>, Arc<str>),
    /// Delete what the removed owner with this UID owned.
    Orphans(String),
}

/// Something due on the virtual clock.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Timer {
    /// A pod's readiness probe first succeeds (the pod's UID: not a later pod of that name).
    PodReady(ObjectKey, String),
    /// A terminating pod's grace period ends.
    PodGone(ObjectKey, String),
    /// A ReplicaSet's pods may have become available (`minReadySeconds`).
    Recheck(Work),
}

/// Everything the cluster holds.
#[derive(Clone, Debug)]
pub(crate) struct State {
    pub(crate) config: ClusterConfig,
    pub(crate) clock: Clock,
    pub(crate) rng: Rng,
    uid_rng: Rng,
    resource_version: u64,
    pub(crate) store: Store,
    pub(crate) nodes: Vec<NodeRuntime>,
    pub(crate) cluster_ips: ClusterIpAllocator,
    pub(crate) node_ports: NodePortAllocator,
    pub(crate) index: Index,
    /// Events of the current operation, published once it succeeds.
    pub(crate) events: Vec<(EventType, Object)>,
    /// Whether anyone watches (events are not recorded otherwise).
    pub(crate) record_events: bool,
    queue: VecDeque<Work>,
    queued: FastSet<Work>,
    timers: BTreeMap<(Duration, u64), Timer>,
    timer_seq: u64,
    /// Readiness forced by `set_pod_ready`, overriding probes.
    pub(crate) ready_overrides: FastMap<ObjectKey, bool>,
    /// Deployment UID → ((generation, collision count), pod-template-hash).
    pub(crate) template_hashes: FastMap<String, ((i64, Option<i32>), String)>,
    /// The work list writes fill, kept between writes.
    scratch: Vec<Work>,
    /// The objects the user declared (applied or created), in the form they were sent:
    /// what export starts from to tell a user's value from an allocated one. Controller-made
    /// and bootstrap objects have no entry. Shared so a draft copy of the state is cheap.
    pub(crate) declared: BTreeMap<ObjectKey, Arc<Object>>,
}

impl State {
    pub(crate) fn new(
        config: ClusterConfig,
        nodes: Vec<NodeRuntime>,
        cluster_ips: ClusterIpAllocator,
        node_ports: NodePortAllocator,
    ) -> Self {
        let index = Index::with_nodes(nodes.iter().map(|n| n.name.as_str()));
        let mut seed_rng = Rng::new(config.seed);
        let rng = seed_rng.fork(1);
        let uid_rng = seed_rng.fork(2);
        State {
            clock: Clock::new(config.start),
            config,
            rng,
            uid_rng,
            resource_version: 0,
            store: Store::default(),
            nodes,
            cluster_ips,
            node_ports,
            index,
            events: Vec::new(),
            record_events: false,
            queue: VecDeque::new(),
            queued: FastSet::default(),
            timers: BTreeMap::new(),
            timer_seq: 0,
            ready_overrides: FastMap::default(),
            template_hashes: FastMap::default(),
            scratch: Vec::new(),
            declared: BTreeMap::new(),
        }
    }

    /// The node named `name`.
    pub(crate) fn node(&self, name: &str) -> Option<&NodeRuntime> {
        self.index
            .node_slots
            .get(name)
            .and_then(|s| self.nodes.get(*s))
    }

    /// The node named `name`, mutably.
    pub(crate) fn node_mut(&mut self, name: &str) -> Option<&mut NodeRuntime> {
        let slot = *self.index.node_slots.get(name)?;
        self.nodes.get_mut(slot)
    }

    /// The current virtual time.
    pub(crate) fn now(&self) -> Time {
        self.clock.now()
    }

    /// A number that changes with every write (the last resource version handed out):
    /// caches of derived answers (DNS) are valid while it stays the same.
    pub(crate) fn revision(&self) -> u64 {
        self.resource_version
    }

    fn next_resource_version(&mut self) -> String {
        self.resource_version += 1;
        self.resource_version.to_string()
    }

    /// A UUID-shaped UID (version 4 layout) from the seeded stream.
    pub(crate) fn new_uid(&mut self) -> String {
        let a = self.uid_rng.next_u64();
        let b = self.uid_rng.next_u64();
        uuid_v4(a, b)
    }

    pub(crate) fn enqueue(&mut self, work: Work) {
        if !self.queued.contains(&work) {
            self.queued.insert(work.clone());
            self.queue.push_back(work);
        }
    }

    /// Whether a full recomputation of the Service `namespace/service`'s endpoints is
    /// waiting, asked without building a work item (two shared strings) to ask with.
    pub(crate) fn is_endpoints_queued(&self, namespace: &str, service: &str) -> bool {
        // Only the queue's own items can match, and they are few: most of the time the
        // queue holds a handful of entries while a single change settles.
        if self.queued.len() <= 16 {
            return self.queue.iter().any(|w| {
                matches!(w, Work::Endpoints(ns, name) if **ns == *namespace && **name == *service)
            });
        }
        self.queued
            .contains(&Work::Endpoints(namespace.into(), service.into()))
    }

    pub(crate) fn next_work(&mut self) -> Option<Work> {
        let work = self.queue.pop_front()?;
        self.queued.remove(&work);
        Some(work)
    }

    /// Schedules `timer` at `after` from now on the virtual clock.
    pub(crate) fn schedule(&mut self, after: Duration, timer: Timer) {
        self.timer_seq += 1;
        let due = self.clock.elapsed() + after;
        self.timers.insert((due, self.timer_seq), timer);
    }

    /// The earliest timer due at or before `until`, removed from the schedule.
    pub(crate) fn pop_timer(&mut self, until: Duration) -> Option<(Duration, Timer)> {
        let (&(due, seq), _) = self.timers.iter().next()?;
        if due > until {
            return None;
        }
        self.timers.remove(&(due, seq)).map(|t| (due, t))
    }

    fn record(&mut self, event: EventType, object: &Object) {
        if self.record_events {
            self.events.push((event, object.clone()));
        }
    }

    pub(crate) fn get(&self, key: &ObjectKey) -> Option<&Object> {
        self.store.get(key)
    }

    /// The object of `kind` named `namespace/name` (`""` for cluster-scoped kinds), without
    /// building a key: the lookup the request path makes many times per request.
    pub(crate) fn get_parts(&self, kind: Kind, namespace: &str, name: &str) -> Option<&Object> {
        self.store.get_parts(kind, namespace, name)
    }

    /// Stores a new object (its name, UID and timestamps already set by the caller) and
    /// queues what it affects.
    pub(crate) fn insert_new(&mut self, key: ObjectKey, mut object: Object) {
        let rv = self.next_resource_version();
        object.meta_mut().resource_version = Some(rv);
        self.index.add(&key, &object, &self.store);
        let mut work = self.work_list();
        self.trigger_work(&key, &object, &mut work);
        self.enqueue_all(work);
        self.record(EventType::Added, &object);
        self.store.insert(key, object);
    }

    /// Replaces (or adds) an object if it changed; returns whether it did.
    pub(crate) fn put(&mut self, mut object: Object) -> bool {
        let key = ObjectKey::of(&object);
        if let Some(old) = self.store.get(&key) {
            // Compare without the resource version: an unchanged write is not a write.
            object.meta_mut().resource_version = old.meta().resource_version.clone();
            if *old == object {
                return false;
            }
        }
        // The key stays in the listing order when the object is replaced.
        let old = self.store.take(&key);
        let mut work = self.work_list();
        if let Some(old) = &old {
            self.index.remove(&key, old);
            self.trigger_work(&key, old, &mut work);
        }
        let rv = self.next_resource_version();
        object.meta_mut().resource_version = Some(rv);
        self.index.add(&key, &object, &self.store);
        self.trigger_work(&key, &object, &mut work);
        self.enqueue_all(work);
        self.record(
            if old.is_some() {
                EventType::Modified
            } else {
                EventType::Added
            },
            &object,
        );
        if old.is_some() {
            self.store.put_back(key, object);
        } else {
            self.store.insert(key, object);
        }
        true
    }

    /// Changes a stored object in place; `change` returns whether it changed anything. No
    /// copy of the object is made, which keeps status updates cheap at scale.
    pub(crate) fn modify(
        &mut self,
        key: &ObjectKey,
        change: impl FnOnce(&mut Object) -> bool,
    ) -> bool {
        let Some(mut object) = self.store.take(key) else {
            return false;
        };
        let mut work = self.work_list();
        self.trigger_work(key, &object, &mut work);
        self.index.remove(key, &object);
        let changed = change(&mut object);
        self.index.add(key, &object, &self.store);
        if changed {
            let rv = self.next_resource_version();
            object.meta_mut().resource_version = Some(rv);
            self.trigger_work(key, &object, &mut work);
            self.enqueue_all(work);
            self.record(EventType::Modified, &object);
        }
        self.store.put_back(key.clone(), object);
        changed
    }

    /// Changes a stored object's status or metadata other than labels and owners, in
    /// place; `change` returns whether it changed anything. Cheaper than [`State::modify`]:
    /// the label and owner indexes are left alone (callers promise not to touch those).
    pub(crate) fn modify_status(
        &mut self,
        key: &ObjectKey,
        change: impl FnOnce(&mut Object) -> bool,
    ) -> bool {
        let rv = self.resource_version + 1;
        let Some(object) = self.store.get_mut(key) else {
            return false;
        };
        let before = pod_network(object);
        if !change(object) {
            return false;
        }
        object.meta_mut().resource_version = Some(rv.to_string());
        self.resource_version = rv;
        let after = pod_network(object);
        if before != after {
            self.index.move_pod_network(key, &before, &after);
        }
        let mut work = self.work_list();
        if let Some(object) = self.store.get(key) {
            self.trigger_work(key, object, &mut work);
            if self.record_events {
                self.events.push((EventType::Modified, object.clone()));
            }
        }
        self.enqueue_all(work);
        true
    }

    /// Removes an object for good, releasing what it held.
    pub(crate) fn remove(&mut self, key: &ObjectKey) -> Option<Object> {
        let old = self.store.remove(key)?;
        self.declared.remove(key);
        self.index.remove(key, &old);
        self.release(&old);
        let mut work = self.work_list();
        self.trigger_work(key, &old, &mut work);
        if let Some(uid) = old.meta().uid.clone() {
            work.push(Work::Orphans(uid));
        }
        self.enqueue_all(work);
        // As etcd reports it: the last state, at the deletion's resource version.
        let rv = self.next_resource_version();
        if self.record_events {
            let mut gone = old.clone();
            gone.meta_mut().resource_version = Some(rv);
            self.record(EventType::Deleted, &gone);
        }
        Some(old)
    }

    fn release(&mut self, object: &Object) {
        match object {
            Object::Service(svc) => {
                for ip in svc
                    .spec
                    .cluster_ips
                    .iter()
                    .chain(svc.spec.cluster_ip.iter())
                {
                    if let Ok(ip) = ip.parse() {
                        self.cluster_ips.release(ip);
                    }
                }
                for port in &svc.spec.ports {
                    if let Some(p) = port.node_port.and_then(|p| u16::try_from(p).ok()) {
                        self.node_ports.release(p);
                    }
                }
                if let Some(p) = svc
                    .spec
                    .health_check_node_port
                    .and_then(|p| u16::try_from(p).ok())
                {
                    self.node_ports.release(p);
                }
            }
            Object::Pod(pod) => {
                let ip = pod
                    .status
                    .pod_ip
                    .as_deref()
                    .and_then(|ip| ip.parse::<Ipv4Addr>().ok());
                if let (Some(ip), Some(node)) = (ip, pod.spec.node_name.as_deref())
                    && let Some(n) = self.node_mut(node)
                {
                    n.release_ip(ip);
                }
                self.ready_overrides.remove(&ObjectKey::of(object));
            }
            _ => {}
        }
    }

    /// A cleared work list to fill (reused, so queueing allocates nothing in steady state).
    fn work_list(&mut self) -> Vec<Work> {
        std::mem::take(&mut self.scratch)
    }

    fn enqueue_all(&mut self, mut work: Vec<Work>) {
        for w in work.drain(..) {
            self.enqueue(w);
        }
        self.scratch = work;
    }

    /// The controllers an object's state affects; a change calls this for the state before
    /// and after it.
    fn trigger_work(&self, key: &ObjectKey, object: &Object, out: &mut Vec<Work>) {
        let ns = &key.namespace;
        match key.kind {
            Kind::Deployment => out.push(Work::Deployment(ns.clone(), key.name.clone())),
            Kind::ReplicaSet => {
                out.push(Work::ReplicaSet(ns.clone(), key.name.clone()));
                if let Some(owner) = controller_of(object, Kind::Deployment) {
                    out.push(Work::Deployment(ns.clone(), Arc::from(owner)));
                }
            }
            Kind::Service => out.push(Work::Endpoints(ns.clone(), key.name.clone())),
            Kind::Pod => {
                if let Some(owner) = controller_of(object, Kind::ReplicaSet) {
                    out.push(Work::ReplicaSet(ns.clone(), Arc::from(owner)));
                }
                // A Service whose selector shares several pairs with the pod comes up more
                // than once; the queue keeps one.
                for (k, v) in object.meta().labels.iter() {
                    if let Some(services) = self.index.service_selectors.with(ns, k, v) {
                        for svc in services {
                            out.push(Work::PodEndpoints(
                                ns.clone(),
                                svc.clone(),
                                key.name.clone(),
                            ));
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

/// A pod's IP and node, as the indexes key them.
fn pod_network(object: &Object) -> (Option<Ipv4Addr>, Option<String>) {
    match object {
        Object::Pod(p) => (
            p.status.pod_ip.as_deref().and_then(|ip| ip.parse().ok()),
            p.spec.node_name.clone(),
        ),
        _ => (None, None),
    }
}

/// The name of `object`'s controller of `kind`, from its ownerReferences.
pub(crate) fn controller_of(object: &Object, kind: Kind) -> Option<&str> {
    object
        .meta()
        .owner_references
        .iter()
        .find(|o| o.controller == Some(true) && o.kind == kind.name())
        .map(|o| o.name.as_str())
}

/// A version-4 UUID from 128 random bits, as `{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}` of
/// `a >> 32`, `(a >> 16) & 0xffff`, `a & 0xfff`, `0x8000 | (b >> 48 & 0x3fff)`,
/// `b & 0xffff_ffff_ffff` would print it — written by hand, as `format!` with padded
/// widths costs more than the rest of creating an object.
fn uuid_v4(a: u64, b: u64) -> String {
    let mut s = String::with_capacity(36);
    push_hex(&mut s, a >> 32, 8);
    s.push('-');
    push_hex(&mut s, (a >> 16) & 0xffff, 4);
    s.push_str("-4");
    push_hex(&mut s, a & 0x0fff, 3);
    s.push('-');
    push_hex(&mut s, 0x8000 | ((b >> 48) & 0x3fff), 4);
    s.push('-');
    push_hex(&mut s, b & 0xffff_ffff_ffff, 12);
    s
}

fn push_hex(out: &mut String, value: u64, digits: u32) {
    for shift in (0..digits).rev() {
        let nibble = ((value >> (shift * 4)) & 0xf) as u32;
        out.push(char::from_digit(nibble, 16).unwrap_or('0'));
    }
}

#[cfg(test)]
mod uuid_tests {
    #[test]
    fn hand_written_uuid_matches_format() {
        for (a, b) in [
            (0u64, 0u64),
            (u64::MAX, u64::MAX),
            (0x0123_4567_89ab_cdef, 0xfedc_ba98_7654_3210),
        ] {
            let expected = format!(
                "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
                a >> 32,
                (a >> 16) & 0xffff,
                a & 0x0fff,
                0x8000 | ((b >> 48) & 0x3fff),
                b & 0xffff_ffff_ffff
            );
            assert_eq!(super::uuid_v4(a, b), expected);
        }
    }
}
