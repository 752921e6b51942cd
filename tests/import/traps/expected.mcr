# Imported by `macrame import` from docker-compose.yml.
# What Compose has no macrame equivalent for is kept below as comments.

project traps

network lan {
  parent enp2s0
  subnet 192.168.1.1/24 {
    range 192.168.1.7/31
  }
}

network dmz {
  parent enp3s0
  subnet 192.168.9.224/29 {
    gateway 192.168.9.1
  }
}

# Not declared in the Compose file: assumed made by hand.
network macnet {
  external
  name "macnet"
}

# From the Compose service `helper` (network_mode: host), which ran
# `ip link add lan-host link enp2s0 type macvlan` by hand. A shim is made,
# reserved in the network's addresses and removed by macrame.
shim lan-host {
  network lan
  address 192.168.1.10/32
  # The helper added no route: without one the host still reaches the
  # containers through the parent, which macvlan filters. Add `route PREFIX`
  # for their addresses (the network's range, or each container's ip/32).
}

container aria2 {
  image "p3terx/aria2-pro"
  # compose `ports` (line 31): not imported: the service is only on macvlan/ipvlan networks, where it has an address of its own on the LAN: a published port does nothing there (reach the service at its address)
  network lan ip 192.168.1.20
}

container pihole {
  image "pihole/pihole:2024.07.0"
  network dmz ip 192.168.9.226
  network macnet ip 10.0.0.5
}
