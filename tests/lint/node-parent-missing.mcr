# node-parent-missing: parents given per node, and a node that uses the
# network has none. A network with a parent for every node, and one per
# node for each node that uses it, are near misses.

node edge { docker "unix:///run/edge/docker.sock" }
node core { docker "unix:///run/core/docker.sock" }
node lab  { docker "unix:///run/lab/docker.sock" }

network lan {            #! node-parent-missing
  parent enp3s0 on core
  subnet 192.168.1.0/24 gateway 192.168.1.1 range 192.168.1.128/25
}
network iot {
  parent eth1 on edge
  parent eth2 on core
  subnet 192.168.2.0/24 gateway 192.168.2.1 range 192.168.2.128/25
}
network all {
  parent eth0
  parent enp4s0 on lab
  subnet 192.168.3.0/24 gateway 192.168.3.1 range 192.168.3.128/25
}

container a { node edge; image "alpine:3.20"; network lan ip 192.168.1.10; network iot ip 192.168.2.10; gateway lan }
container b { node core; image "alpine:3.20"; network lan ip 192.168.1.11; network iot ip 192.168.2.11; gateway lan }
container c { node lab; image "alpine:3.20"; network all ip 192.168.3.10 }
container d { node edge; image "alpine:3.20"; network all ip 192.168.3.11 }
