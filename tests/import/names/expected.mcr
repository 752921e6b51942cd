# Imported by `macrame import` from compose.yaml, compose.override.yaml.
# What Compose has no macrame equivalent for is kept below as comments.

project names

network net {
  name "names__net"
  parent eth1
  subnet 10.77.0.0/24 {
    gateway 10.77.0.1
  }
}

volume my-vol {
  name "names_my vol"
}

# From the Compose service `shim-helper` (network_mode: host), which ran
# `ip link add base-shim link eth1 type macvlan` by hand. A shim is made,
# reserved in the network's addresses and removed by macrame.
shim base-shim {
  network net
  # The helper added no route: without one the host still reaches the
  # containers through the parent, which macvlan filters. Add `route PREFIX`
  # for their addresses (the network's range, or each container's ip/32).
}

container base {
  image "alpine:3.20"
  stop-grace 1s
  volume my-vol:/data
  network net alias one alias two
}
