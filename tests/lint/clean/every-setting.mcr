# Every item and setting, in block and one-line forms, with `;` between
# statements, empty blocks where they are allowed, comments everywhere,
# strings with every escape, vlan stacking, and every mode used as meant.
# It must lint clean.

project lab-2_x.y                            # a project name with `-`, `_`, `.`

parent eth0                                  # a declared host NIC
parent eth1

# ---- vlans: named block, short form, short form with an (empty) block,
# ---- one-line block with `;`, stacking (802.1ad)
vlan eth0.50 {
  # a comment inside a block
  parent eth0
  id 50

  mtu 1500
}
vlan 60 on eth0
vlan 5 on eth1 {}
vlan 7 on eth1 { mtu 9000 }
vlan eth1.100 { parent eth1; id 100; mtu 1504 }
vlan eth1.100.20 { parent eth1.100; id 20 }   # stacked on eth1.100
vlan uplink { parent eth1; id 200 }          # a name that is not PARENT.ID

network lan {
  mode bridge
  parent eth0
  subnet 192.168.1.0/24 {
    gateway 192.168.1.1
    range 192.168.1.128/25
    reserve router = 192.168.1.2
    reserve 192.168.1.3                      # unnamed reserve
  }
  subnet 10.1.10.0/24 gateway 10.1.10.1 range 10.1.10.128/25 reserve 10.1.10.2
  label owner = "netops"
  label note = "quote \" backslash \\ newline \n tab \t done"
  label bare = word-value
  name "corp-lan"
}

network flat {                               # flat form: values pair with subnets
  parent eth0.60
  subnet 192.168.2.0/24
  subnet 10.2.0.0/24
  gateway 192.168.2.1
  gateway 10.2.0.1
  range 192.168.2.192/26
  reserve spare = 10.2.0.5
}

network vlan50 { mode vepa; parent eth0.50; subnet 192.168.50.0/24 gateway 192.168.50.1; subnet fd00:50::/64 gateway fd00:50::1 }

network v6only {                             # IPv6 only
  parent eth1.5
  subnet fd00:6::/64 {
    gateway fd00:6::1
    range fd00:6::8000/113
    reserve fd00:6::2
  }
}

network backplane {                          # internal: no parent, no gateway
  internal
  subnet 172.30.0.0/24
}

network isolated { mode private; parent eth1.7; subnet 10.7.0.0/24 gateway 10.7.0.1 }

network direct {                             # passthru: exactly one container
  mode passthru
  parent eth1.100.20
  subnet 10.20.0.0/24 gateway 10.20.0.1
}

network up { parent uplink; subnet 10.200.0.0/24 gateway 10.200.0.1 }

network dynamic { parent eth1 }              # no subnet: Docker's IPAM chooses

shim mv-host {
  network lan
  address 192.168.1.250/32
  route 192.168.1.128/25
  route 192.168.1.0/24
}
shim mv-host6 { network v6only; address fd00:6::fa/128; route fd00:6::8000/113 }
shim mv-flat { network flat; address 10.2.0.250 }

container web {
  image "nginx:1.27-alpine"
  command "nginx" "-g" "daemon off;"
  hostname web
  env TZ = "UTC"
  env GREETING = "say \"hi\"\tand\\or\nbye"
  network lan ip 192.168.1.10
  network flat
  network vlan50 {
    ip 192.168.50.10
    ip6 fd00:50::10
    mac 02:42:c0:a8:32:0a
    alias www
    alias web.internal
  }
  network backplane ip 172.30.0.10
  gateway lan
  depends-on db cache
  restart unless-stopped
}

container db {
  image "postgres:16"
  network vlan50 ip 192.168.50.20
  network backplane
  gateway vlan50
  restart on-failure:5
}

container cache { image "redis:7"; network vlan50 ip 192.168.50.30 ip6 fd00:50::30 mac 02-42-c0-a8-32-1e; restart always }

container v6 {
  image alpine:3.20                          # an image as a bare value
  network v6only ip6 fd00:6::10
  restart no
}

container lonely {
  image "alpine:3.20"
  network isolated ip 10.7.0.10              # private: nobody depends across it
  restart on-failure
}

container nic { image "alpine:3.20"; network direct ip 10.20.0.10 }

container roamer {
  image "alpine:3.20"
  network up
  network dynamic                            # no gateway there, so no ambiguity
}
