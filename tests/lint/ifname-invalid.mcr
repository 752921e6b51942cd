# ifname-invalid: an interface name (parent, vlan, shim, or a parent named
# by a vlan or network) that the kernel refuses: longer than 15 bytes, or
# `.` / `..`. Exactly 15 bytes is a near miss. A network on a too-long vlan
# names it again as its parent: reported there too.

parent enp0s31f6abcdefg                      #! ifname-invalid
parent enp0s31f6abcdef                       # near miss: 15 bytes

vlan enp0s31f6abcdef.7 {                     #! ifname-invalid
  parent enp0s31f6abcdef
  id 7
}
vlan 8 on enp0s31f6abcde                     #! ifname-invalid
vlan 9 on enp0s31f6abc                       # near miss: enp0s31f6abc.9 is 15 bytes
vlan dotparent { parent .; id 10 }           #! ifname-invalid

network a {
  parent enp0s31f6abcdef.7                   #! ifname-invalid
  subnet 10.1.0.0/24 gateway 10.1.0.1
}
network b {
  parent enp0s31f6abcde.8                    #! ifname-invalid
  subnet 10.2.0.0/24 gateway 10.2.0.1
}
network c {
  parent enp0s31f6abc.9
  subnet 10.3.0.0/24 gateway 10.3.0.1
}
network d {
  parent ..                                  #! ifname-invalid
  subnet 10.4.0.0/24 gateway 10.4.0.1
}
network e {
  parent wlp0s20f3-extra0                    #! ifname-invalid
  subnet 10.5.0.0/24 gateway 10.5.0.1
}
network f {
  parent dotparent
  subnet 10.6.0.0/24 gateway 10.6.0.1
}

shim macrame-host-shim0 {                    #! ifname-invalid
  network a
  address 10.1.0.250/32
}
shim mv-host-shim-0 {                        # near miss: 15 bytes
  network b
  address 10.2.0.250/32
}

container ca { image "alpine:3.20"; network a ip 10.1.0.10 }
container cb { image "alpine:3.20"; network b ip 10.2.0.10 }
container cc { image "alpine:3.20"; network c ip 10.3.0.10 }
container cd { image "alpine:3.20"; network d ip 10.4.0.10 }
container ce { image "alpine:3.20"; network e ip 10.5.0.10 }
container cf { image "alpine:3.20"; network f ip 10.6.0.10 }
