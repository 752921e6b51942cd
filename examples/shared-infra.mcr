# One LAN, two projects (half 1 of 2): this project owns the macvlan
# network and the host's shim; shared-apps.mcr joins the network as
# `external`, as Compose stacks share one made by hand (compose-corpus 01,
# 04, 30). `down` here takes the network away; `down` there never does.

project infra

parent eth0

network homelan {
  name "homelan"                    # the exact name the other project joins
  parent eth0
  subnet 10.44.0.0/24 {
    gateway 10.44.0.1
    range 10.44.0.128/25
  }
}

shim infra-host {
  network homelan
  address 10.44.0.250/32
  route 10.44.0.0/25
}

container adguard {
  image "adguard/adguardhome:v0.107.52"
  volume adguard-work:/opt/adguardhome/work
  volume adguard-conf:/opt/adguardhome/conf
  network homelan ip 10.44.0.53
  restart unless-stopped
}

volume adguard-work
volume adguard-conf
