project lab
parent wlan0
parent ens3
parent enp3s0
vlan 10 on enp3s0
vlan 20 on enp3s0
network air { parent wlan0; subnet 10.1.0.0/24 gateway 10.1.0.1 }
network vm { parent ens3; subnet 10.2.0.0/24 gateway 10.2.0.1 }
network ten { parent enp3s0.10; subnet 10.3.0.0/24 gateway 10.3.0.1 }
network twenty { parent enp3s0.20; subnet 10.4.0.0/24 gateway 10.4.0.1 }
container a { image "nginx:1"; network air ip 10.1.0.10 }
container b { image "nginx:1"; network vm ip 10.2.0.10 }
container c { image "nginx:1"; network ten ip 10.3.0.10; network twenty ip 10.4.0.10 }
