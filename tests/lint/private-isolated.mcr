# private-isolated: a container depends on another, and every network
# they share is private-mode (one or two of them). Sharing also a bridge
# or vepa network is a near miss.

network priv1 { mode private; parent eth1; subnet 10.1.0.0/24 gateway 10.1.0.1 }
network priv2 { mode private; parent eth2; subnet 10.2.0.0/24 gateway 10.2.0.1 }
network br { mode bridge; parent eth3; subnet 10.3.0.0/24 gateway 10.3.0.1 }
network vp { mode vepa; parent eth4; subnet 10.4.0.0/24 gateway 10.4.0.1 }

container db { image "postgres:16"; network priv1 ip 10.1.0.10 }
container app {
  image "alpine:3.20"
  network priv1 ip 10.1.0.11
  depends-on db                              #! private-isolated
}

container cache {
  image "redis:7"
  network priv1 ip 10.1.0.12
  network priv2 ip 10.2.0.12
  gateway priv1
}
container worker {
  image "alpine:3.20"
  network priv1 ip 10.1.0.13
  network priv2 ip 10.2.0.13
  gateway priv2
  depends-on cache db                        #! private-isolated
}

container api {                              # near miss: also shares bridge `br`
  image "alpine:3.20"
  network priv1 ip 10.1.0.14
  network br ip 10.3.0.14
  gateway br
  depends-on web
}
container web {
  image "nginx:1.27-alpine"
  network priv1 ip 10.1.0.15
  network br ip 10.3.0.15
  network vp ip 10.4.0.15
  gateway br
}
container job {                              # near miss: shares vepa `vp`
  image "alpine:3.20"
  network priv2 ip 10.2.0.16
  network vp ip 10.4.0.16
  gateway vp
  depends-on web
}
