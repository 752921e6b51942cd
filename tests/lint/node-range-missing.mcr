# node-range-missing: ranges given per node, and a node that uses the
# network without one. A network whose every user has a range is a near
# miss.

node edge { docker "unix:///run/edge/docker.sock" }
node core { docker "unix:///run/core/docker.sock" }
node lab  { docker "unix:///run/lab/docker.sock" }

network lan {
  parent eth0
  subnet 192.168.1.0/24 {                   #! node-range-missing
    gateway 192.168.1.1
    range 192.168.1.128/26 on edge
    range 192.168.1.192/26 on core
  }
}
network iot {
  parent eth1
  subnet 192.168.2.0/24 {
    gateway 192.168.2.1
    range 192.168.2.128/26 on edge
    range 192.168.2.192/26 on core
  }
}

container a { node edge; image "alpine:3.20"; network lan; network iot; gateway lan }
container b { node core; image "alpine:3.20"; network lan; network iot; gateway lan }
container c { node lab; image "alpine:3.20"; network lan }
