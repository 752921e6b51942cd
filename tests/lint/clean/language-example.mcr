# The example of LANGUAGE.md, verbatim: every item and setting; it lints clean.

project lab                     # optional; default: the file's directory name

parent eth0                     # optional declaration of a host NIC (never created
                                # or removed; must exist on the host at plan time)

vlan eth0.50 {                  # 802.1q sub-interface, created and removed by macrame
  parent eth0
  id 50
  mtu 1500                      # optional
}
vlan 60 on eth0                 # short form; the interface is named eth0.60

network lan {
  mode bridge                   # bridge (default) | vepa | private | passthru
  parent eth0                   # a host interface or a declared vlan
  subnet 192.168.1.0/24 {
    gateway 192.168.1.1
    range 192.168.1.128/25      # where Docker may assign addresses itself
    reserve router = 192.168.1.2   # an address Docker must never assign
  }
  subnet 10.1.10.0/24 gateway 10.1.10.1 range 10.1.10.128/25   # one-line form
  label owner = "netops"        # optional, repeatable
  name "corp-lan"               # optional: the Docker network's name
}

network flat {                  # the Docker CLI's flat form is also valid:
  parent eth0.60                # gateways and ranges at network level pair
  subnet 192.168.2.0/24         # with the subnet that contains them
  subnet 10.2.0.0/24
  gateway 192.168.2.1
  gateway 10.2.0.1
}

network vlan50 {
  mode vepa
  parent eth0.50
  subnet 192.168.50.0/24 gateway 192.168.50.1
  subnet fd00:50::/64 gateway fd00:50::1     # IPv6 is turned on by its subnet
}

network backplane {
  internal                      # no gateway, no outside connectivity
  subnet 172.30.0.0/24
}

shim mv-host {                  # a macvlan interface on the host itself, so the
  network lan                   # host can reach the containers (Linux filters
  address 192.168.1.250/32      # host <-> macvlan child traffic otherwise)
  route 192.168.1.128/25        # optional, repeatable
}

container web {
  image "nginx:1.27-alpine"
  command "nginx" "-g" "daemon off;"   # optional argv
  hostname web                  # optional
  env TZ = "UTC"                # optional, repeatable
  network lan ip 192.168.1.10   # static address
  network flat                  # address chosen by Docker
  network vlan50 {              # block form
    ip 192.168.50.10
    ip6 fd00:50::10
    mac 02:42:c0:a8:32:0a
    alias www
  }
  gateway lan                   # the default route goes through lan's gateway
  depends-on db                 # start db first
  restart unless-stopped        # no | always | unless-stopped | on-failure
}

container db {
  image "postgres:16"
  network vlan50 ip 192.168.50.20
  network backplane
}
