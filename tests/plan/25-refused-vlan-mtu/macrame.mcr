project lab
parent enp3s0
vlan 10 on enp3s0 { mtu 9000 }
network ten { parent enp3s0.10; subnet 10.3.0.0/24 gateway 10.3.0.1 }
container c { image "nginx:1"; network ten ip 10.3.0.10 }
