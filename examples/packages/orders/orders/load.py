def main(table: str, note: str) -> None:
    print(f"loading {table}: {note}")
