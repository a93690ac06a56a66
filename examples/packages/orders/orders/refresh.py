def run(full: bool, batch: int) -> None:
    print(f"refreshing (full={full}, batch={batch})")
