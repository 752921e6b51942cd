# The language contract's "Several hosts" example: nodes, a parent and
# ranges per node, containers pinned to nodes, a Swarm service. One
# change: `web` has no static address on `lan`, which the service makes
# the Swarm's network (ip-on-swarm-network; docs/language.md, 10).

node edge { docker "unix:///var/run/docker.sock" }      # an engine; also tcp:// and ssh://
node core { docker "ssh://admin@10.0.0.2" }

network lan {
  parent eth0                   # the same NIC name on every node,
  parent enp3s0 on core         # or, for a node, its own
  subnet 192.168.1.0/24 {
    gateway 192.168.1.1
    range 192.168.1.128/25      # split between the nodes without overlap
  }
}

vlan 20 on eth0

network iot {
  parent eth0.20
  subnet 192.168.2.0/24 {
    gateway 192.168.2.1
    range 192.168.2.128/26 on edge   # or given per node (then for every node
    range 192.168.2.192/26 on core   # that uses the network)
  }
}

container web { node edge; image "nginx:1.27-alpine"; network lan; network iot; gateway lan }
container db { node core; image "postgres:16"; network iot ip 192.168.2.11 }

service api {                   # a Docker Swarm service: the network becomes a
  image "traefik/whoami:v1.10"  # config-only network per node plus one swarm-scoped
  replicas 3                    # network built from them (--config-from)
  network lan
  placement "node.role==worker"
}
