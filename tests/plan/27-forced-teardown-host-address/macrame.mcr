project lab
