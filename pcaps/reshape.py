print("reshape stub")
