# A DNS server with an address of its own on the LAN, as people run Pi-hole
# on macvlan (compose-corpus 02, 04, 06): Unbound as its upstream beside it,
# their state in named volumes, extra lists from a bind mount beside this
# file, NET_ADMIN for Pi-hole's DHCP server, health checks that Pi-hole
# waits for, and the host reaching both through a shim (Linux keeps a host
# from its own macvlan children otherwise).

project dns

parent eth0

network lan {
  parent eth0
  subnet 192.168.1.0/24 {
    gateway 192.168.1.1
    range 192.168.1.192/27          # the addresses Docker may hand out itself
    reserve host = 192.168.1.250    # the shim's: Docker never assigns it
  }
}

shim dns-host {
  network lan
  address 192.168.1.250/32
  route 192.168.1.52/31             # .52 and .53: the two servers
}

volume pihole
volume dnsmasq
volume unbound

container unbound {
  name "unbound"
  image "mvance/unbound:1.21.1"
  volume unbound:/opt/unbound/etc/unbound
  health {
    test shell "drill @127.0.0.1 cloudflare.com || exit 1"
    interval 30s; timeout 10s; retries 3; start-period 10s
  }
  restart unless-stopped
  network lan ip 192.168.1.52
}

container pihole {
  name "pihole"
  image "pihole/pihole:2024.07.0"
  hostname pihole
  env TZ = "Europe/Berlin"
  env PIHOLE_DNS_ = "192.168.1.52#53"
  env FTLCONF_LOCAL_IPV4 = "192.168.1.53"
  volume pihole:/etc/pihole
  volume dnsmasq:/etc/dnsmasq.d
  volume ./pihole/lists:/etc/pihole/lists:ro
  cap-add NET_ADMIN
  dns 127.0.0.1 192.168.1.52
  health {
    test "CMD" "dig" "+short" "+norecurse" "@127.0.0.1" "pi.hole"
    interval 30s; timeout 5s; retries 3; start-period 20s
  }
  stop-grace 30s
  depends-on unbound healthy
  restart unless-stopped
  network lan ip 192.168.1.53 { mac 02:42:c0:a8:01:35 }
}
