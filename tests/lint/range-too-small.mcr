# range-too-small: a range, or a subnet without one, too small for one
# block of two addresses per node that uses the network. A range just big
# enough, and a tiny range used by one node only, are near misses.

node a { docker "unix:///run/a/docker.sock" }
node b { docker "unix:///run/b/docker.sock" }
node c { docker "unix:///run/c/docker.sock" }

network tight {
  parent eth0
  subnet 10.1.0.0/24 gateway 10.1.0.1
  range 10.1.0.128/30                        #! range-too-small
}
network tiny {
  parent eth1
  internal
  subnet 10.2.0.0/31                         #! range-too-small
}
network enough {
  parent eth2
  subnet 10.3.0.0/24 gateway 10.3.0.1
  range 10.3.0.128/29
}
network alone {
  parent eth3
  subnet 10.4.0.0/24 gateway 10.4.0.1
  range 10.4.0.128/32
}

container a1 { node a; image "alpine:3.20"; network tight; network tiny; network enough; network alone; gateway tight }
container b1 { node b; image "alpine:3.20"; network tight; network tiny; network enough; gateway tight }
container c1 { node c; image "alpine:3.20"; network tight; network enough; gateway tight }
