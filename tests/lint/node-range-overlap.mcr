# node-range-overlap: two nodes' ranges that overlap (one inside the
# other, the same range twice), and one node given two ranges. Adjacent
# ranges are a near miss.

node edge { docker "unix:///run/edge/docker.sock" }
node core { docker "unix:///run/core/docker.sock" }

network lan {
  parent eth0
  subnet 192.168.1.0/24 {
    gateway 192.168.1.1
    range 192.168.1.128/25 on edge
    range 192.168.1.192/26 on core          #! node-range-overlap
  }
}
network iot {
  parent eth1
  subnet 192.168.2.0/24 gateway 192.168.2.1
  range 192.168.2.128/26 on edge
  range 192.168.2.128/26 on core            #! node-range-overlap
}
network cam {
  parent eth2
  subnet 192.168.3.0/24 {
    gateway 192.168.3.1
    range 192.168.3.128/26 on edge
    range 192.168.3.160/27 on edge          #! node-range-overlap
    range 192.168.3.192/26 on core
  }
}
network ok {
  parent eth3
  subnet 192.168.4.0/24 {
    gateway 192.168.4.1
    range 192.168.4.128/26 on edge
    range 192.168.4.192/26 on core
  }
}

container a { node edge; image "alpine:3.20"; network lan; network iot; network cam; network ok; gateway lan }
container b { node core; image "alpine:3.20"; network lan; network iot; network cam; network ok; gateway lan }
