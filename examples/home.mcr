# A home network on one NIC (eth0): a DNS server and a home-automation
# controller with their own addresses on the LAN, an IoT VLAN, IPv6, and a
# host shim so the Docker host itself can reach the containers (Linux drops
# host <-> macvlan child traffic otherwise).
#
#   lan  192.168.1.0/24 + fd00:1::/64 on eth0
#        Docker assigns from 192.168.1.224/28; the static addresses below
#        lie outside that range.
#   iot  192.168.30.0/24 on eth0.30 (VLAN 30, tagged on the switch port)
#
# Each parent carries one network (eth0: lan, eth0.30: iot).
# Lints clean: no errors, no warnings.

project home

parent eth0

vlan 30 on eth0                     # eth0.30: IoT devices

network lan {
  parent eth0
  subnet 192.168.1.0/24 {
    gateway 192.168.1.1
    range 192.168.1.224/28          # Docker's own assignments: .224 - .239
  }
  subnet fd00:1::/64 gateway fd00:1::1
  label owner = "home"
}

network iot {
  parent eth0.30
  subnet 192.168.30.0/24 gateway 192.168.30.1
}

shim home-host {
  network lan
  address 192.168.1.250/32
  route 192.168.1.192/26            # covers the containers' addresses
}

container dns {
  image "pihole/pihole:2024.07.0"
  hostname pihole
  env TZ = "Europe/Berlin"
  network lan {
    ip 192.168.1.200
    ip6 fd00:1::53
  }
  restart unless-stopped
}

container home-assistant {
  image "ghcr.io/home-assistant/home-assistant:stable"
  hostname homeassistant
  env TZ = "Europe/Berlin"
  network lan ip 192.168.1.201
  network iot ip 192.168.30.10      # talks to the devices on the IoT VLAN
  gateway lan                       # default route via the home router
  depends-on dns                    # both on 192.168.1.0/24
  restart unless-stopped
}
