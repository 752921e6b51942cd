# Containers with LAN addresses on a Wi-Fi NIC: an access point drops
# frames from MACs it did not associate, so macvlan's extra MACs never get
# an answer; ipvlan l2 gives every container the NIC's own MAC
# (compose-corpus 10, 31, 34). The shim is an ipvlan too, in the same mode:
# the kernel holds the NIC in one mode.

project wifi

parent wlan0

network wlan {
  driver ipvlan
  mode l2
  parent wlan0
  subnet 192.168.7.0/24 {
    gateway 192.168.7.1
    range 192.168.7.128/25
  }
}

shim wifi-host {
  network wlan
  address 192.168.7.250/32
  route 192.168.7.0/26
}

container homeassistant {
  image "ghcr.io/home-assistant/home-assistant:2024.7"
  volume ha:/config
  device /dev/ttyUSB0:/dev/zigbee:rwm
  network wlan ip 192.168.7.10
  restart unless-stopped
}

container mosquitto {
  image "eclipse-mosquitto:2.0"
  volume mqtt:/mosquitto/data
  network wlan ip 192.168.7.11
  restart unless-stopped
}

volume ha
volume mqtt
