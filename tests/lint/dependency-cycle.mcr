# dependency-cycle: `depends-on` forms a cycle: a container on itself, a
# pair, a ring of three. The diagnostic sits on the edge that closes the
# cycle. A diamond (two paths to one container) is not a cycle.

network lan {
  parent eth1
  subnet 10.1.0.0/24 gateway 10.1.0.1
}

container solo {
  image "alpine:3.20"
  network lan
  depends-on solo                            #! dependency-cycle
}

container ping {
  image "alpine:3.20"
  network lan
  depends-on pong
}
container pong {
  image "alpine:3.20"
  network lan
  depends-on ping                            #! dependency-cycle
}

container r1 { image "alpine:3.20"; network lan; depends-on r2 }
container r2 { image "alpine:3.20"; network lan; depends-on r3 }
container r3 { image "alpine:3.20"; network lan; depends-on r1 }   #! dependency-cycle

# near miss: a diamond, top -> left, right -> bottom
container top { image "alpine:3.20"; network lan; depends-on left right }
container left { image "alpine:3.20"; network lan; depends-on bottom }
container right { image "alpine:3.20"; network lan; depends-on bottom }
container bottom { image "alpine:3.20"; network lan }
