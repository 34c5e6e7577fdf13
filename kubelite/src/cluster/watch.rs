//! Watch streams: every write is published as an Added, Modified or Deleted event, so users
//! can drive and test their own controllers against the simulated cluster.

use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

use crate::api::{Kind, Object};

/// What happened to an object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum EventType {
    /// The object was created.
    Added,
    /// The object changed.
    Modified,
    /// The object was removed.
    Deleted,
}

/// One change, carrying the object as it is after the change (before it, for `Deleted`).
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct WatchEvent {
    /// What happened.
    pub event_type: EventType,
    /// The object.
    pub object: Object,
}

/// Which events a watch receives.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct WatchFilter {
    /// Only this kind (`None`: all kinds).
    pub kind: Option<Kind>,
    /// Only this namespace (`None`: all namespaces).
    pub namespace: Option<String>,
}

impl WatchFilter {
    /// Every event of every kind.
    pub fn all() -> Self {
        WatchFilter::default()
    }

    /// Events of one kind in all namespaces.
    pub fn kind(kind: Kind) -> Self {
        WatchFilter {
            kind: Some(kind),
            namespace: None,
        }
    }

    /// Restricts to one namespace.
    pub fn in_namespace(mut self, namespace: impl Into<String>) -> Self {
        self.namespace = Some(namespace.into());
        self
    }

    fn accepts(&self, object: &Object) -> bool {
        self.kind.is_none_or(|k| k == object.kind_id())
            && self
                .namespace
                .as_deref()
                .is_none_or(|ns| ns == object.meta().namespace())
    }
}

/// A stream of [`WatchEvent`]s. The cluster is synchronous, so an operation's events are
/// already queued when it returns: [`Watch::drain`] collects them without blocking.
#[derive(Debug)]
pub struct Watch {
    receiver: Receiver<WatchEvent>,
}

impl Watch {
    /// Every event queued so far, without blocking.
    pub fn drain(&self) -> Vec<WatchEvent> {
        self.receiver.try_iter().collect()
    }

    /// The next event, if one is queued.
    pub fn try_next(&self) -> Option<WatchEvent> {
        self.receiver.try_recv().ok()
    }

    /// The next event, waiting up to `timeout` (for watches shared with writer threads).
    pub fn next_timeout(&self, timeout: Duration) -> Option<WatchEvent> {
        self.receiver.recv_timeout(timeout).ok()
    }
}

impl Iterator for Watch {
    type Item = WatchEvent;

    /// Non-blocking: `None` once the queue is empty.
    fn next(&mut self) -> Option<WatchEvent> {
        self.try_next()
    }
}

/// The cluster's side of the watches.
#[derive(Debug, Default)]
pub(crate) struct Watchers {
    senders: Vec<(WatchFilter, Sender<WatchEvent>)>,
}

impl Watchers {
    pub(crate) fn subscribe(&mut self, filter: WatchFilter) -> Watch {
        let (sender, receiver) = channel();
        self.senders.push((filter, sender));
        Watch { receiver }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.senders.is_empty()
    }

    /// Sends `event` to every interested watch, forgetting watches that were dropped.
    pub(crate) fn publish(&mut self, event_type: EventType, object: &Object) {
        if self.senders.is_empty() {
            return;
        }
        self.senders.retain(|(filter, sender)| {
            !filter.accepts(object)
                || sender
                    .send(WatchEvent {
                        event_type,
                        object: object.clone(),
                    })
                    .is_ok()
        });
    }
}
