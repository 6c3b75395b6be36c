from django_tasks import task


@task
def send_welcome_email(user_id: int) -> str:
    return f"sent to user {user_id}"


@task
def remind(user_id: int) -> None:
    pass
