project lab
parent enp3s0
vlan 10 on enp3s0
vlan 20 on enp3s0.10 { mtu 1504 }
network inner { parent enp3s0.10.20; subnet 10.3.0.0/24 gateway 10.3.0.1 }
container c { image "nginx:1"; network inner ip 10.3.0.10 }
