from swgtui.launch import main

main()
