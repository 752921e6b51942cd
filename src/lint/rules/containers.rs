//! Container settings judged against the rest of the file: names, health
//! checks waited on, ports published.

use crate::diagnostic::{Code, Diagnostic};
use crate::lint::Context;
use crate::model::{Condition, Driver};
use crate::span::Span;
use std::collections::HashMap;

pub fn duplicate_container_name(cx: &Context, out: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, (&str, Span)> = HashMap::new();
    for container in &cx.topology.containers {
        let span = container.name_span.unwrap_or(container.name.span);
        match seen.get(container.docker_name.as_str()) {
            Some(&(other, first)) => out.push(
                Diagnostic::new(
                    Code::DuplicateContainerName,
                    span,
                    format!(
                        "containers `{other}` and `{}` would both be the Docker container `{}`",
                        container.name.value, container.docker_name
                    ),
                )
                .note("same Docker name")
                .related(first, "the other container's name")
                .help("give one of them another `name`, or remove the `name` line"),
            ),
            None => {
                seen.insert(&container.docker_name, (&container.name.value, span));
            }
        }
    }
}

pub fn health_needed(cx: &Context, out: &mut Vec<Diagnostic>) {
    let containers = &cx.topology.containers;
    for container in containers {
        for (id, condition) in &container.options.conditions {
            if condition.value != Condition::Healthy {
                continue;
            }
            let target = &containers[*id];
            let checked = target
                .options
                .health
                .as_ref()
                .is_some_and(|h| h.value.checks());
            if checked {
                continue;
            }
            out.push(
                Diagnostic::new(
                    Code::HealthNeeded,
                    condition.span,
                    format!(
                        "container `{}` waits for `{}` to be healthy, but `{}` has no health check",
                        container.name.value, target.name.value, target.name.value
                    ),
                )
                .note("never healthy")
                .related(target.name.span, "no `health` block")
                .help(format!(
                    "add `health {{ test \"CMD\" ... }}` to `{}`, or write `depends-on {} started`",
                    target.name.value, target.name.value
                )),
            );
        }
    }
}

pub fn publish_needs_bridge(cx: &Context, out: &mut Vec<Diagnostic>) {
    let networks = &cx.topology.networks;
    for container in &cx.topology.containers {
        let Some(first) = container.options.publish.first() else {
            continue;
        };
        // An external network of no written driver may well be a bridge.
        let on_bridge = container.attachments.iter().any(|a| {
            let network = &networks[a.network.value];
            network.driver == Driver::Bridge || (network.external && network.driver_span.is_none())
        });
        if on_bridge {
            continue;
        }
        out.push(
            Diagnostic::new(
                Code::PublishNeedsBridge,
                first.span,
                format!(
                    "container `{}` publishes ports but is on no bridge network",
                    container.name.value
                ),
            )
            .note("nothing to publish through")
            .help("a macvlan or ipvlan container is reachable at its own address on its ports: delete the `publish` lines, or attach it to a `driver bridge` network too"),
        );
    }
}
